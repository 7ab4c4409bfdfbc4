//go:build !(js && wasm)

package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/remoteml/sundown/app/ritual"
)

// Words typed into a day's add forms and never added are there when the
// day is opened again (after a reload, a closed tab), with the kind and
// plan chosen; another day's forms are empty.
func TestWordsTypedButNotAddedAreThereNextTime(t *testing.T) {
	env, _ := testEnv(t)
	today, yesterday := env.Today(), env.Today().AddDays(-1)
	kept := draftsOf(env, today)
	kept.keep("win-text", "Half a win")
	kept.keep("unseen-kind", string(ritual.KindDebugged))
	kept.keep("unseen-text", "Chased the flaky test")
	kept.keep("loop-text", "Reply to Sam")
	kept.keep("loop-when", string(ritual.WhenSomeday))

	html := mount(t, &dayPage{env: env}, dayPath(today))
	mustContain(t, html, `value="Half a win"`, `value="Chased the flaky test"`, `value="Reply to Sam"`)
	if !strings.Contains(html, `<option value="debugged" selected`) || !strings.Contains(html, `<option value="someday" selected`) {
		t.Error("the kind and the plan chosen are not the ones kept")
	}
	if other := mount(t, &dayPage{env: env}, dayPath(yesterday)); strings.Contains(other, "Half a win") || strings.Contains(other, "Reply to Sam") {
		t.Error("another day's forms show today's drafts")
	}
}

// Adding the entry ends its draft; the form moved to another day shows
// that day's draft.
func TestAddingEndsTheDraft(t *testing.T) {
	env, _ := testEnv(t)
	today, yesterday := env.Today(), env.Today().AddDays(-1)
	draftsOf(env, today).keep("win-text", "Shipped the importer")
	draftsOf(env, yesterday).keep("win-text", "Yesterday's words")
	day := ritual.NewDay(today)
	w := &winsEditor{Drafts: draftsOf(env, today), Edit: func(change dayChange) error { return change(&day, time.Now()) }}
	mount(t, w, "/")
	w.add(nil)
	if len(day.Wins) != 1 || day.Wins[0].Text != "Shipped the importer" {
		t.Fatalf("the draft was not what was added: %+v", day.Wins)
	}
	if got := env.Store.Draft(today, "win-text"); got != "" {
		t.Fatalf("the draft is still kept after it was added: %q", got)
	}
	w.Drafts = draftsOf(env, yesterday)
	w.OnUpdate(nil)
	if w.draft != "Yesterday's words" {
		t.Fatalf("moved to yesterday, the form holds %q", w.draft)
	}
}

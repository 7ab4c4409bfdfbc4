//go:build e2e

package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/remoteml/sundown/app/ritual"
	"github.com/remoteml/sundown/app/store"
)

// TestTenYearsMoveFromLocalStorage: a browser where an earlier version of
// Sundown kept ten years of days in localStorage, as it did. The new version
// moves them into IndexedDB at its first start: every day is there, none is
// left in localStorage but the theme, and History shows them.
func TestTenYearsMoveFromLocalStorage(t *testing.T) {
	t.Parallel()
	kv := store.NewMemoryKV()
	old, err := store.Open(kv)
	if err != nil {
		t.Fatal(err)
	}
	today := ritual.DateOf(time.Now())
	history := ritual.GenerateHistory(5, today.AddDays(-1), 10)
	for _, d := range history {
		if err := old.SaveDay(d); err != nil {
			t.Fatal(err)
		}
	}
	old.SaveTheme(store.ThemeDark)
	keys, _ := kv.Keys()
	values := map[string]string{}
	for _, k := range keys {
		values[k], _, _ = kv.Get(k)
	}
	data, _ := json.Marshal(values)

	s := newSession(t)
	s.open("/settings")
	// As the older version left it: everything in localStorage, nothing in
	// the database (the one the app just made is emptied).
	s.changeDatabase(`store => store.clear()`)
	eval[chromedp.Void](s, `(() => { const v = `+string(data)+`; for (const k in v) localStorage.setItem(k, v[k]); })()`)
	s.reload()
	if got := len(s.storedKeys("sundown/day/")); got != len(history) {
		t.Fatalf("the database holds %d of the %d days", got, len(history))
	}
	if left := eval[[]string](s, `Reflect.ownKeys(localStorage).filter(k => k.startsWith("sundown/") && k !== "sundown/theme")`); len(left) != 0 {
		t.Fatalf("left in localStorage: %v", left)
	}
	if eval[string](s, `localStorage.getItem("sundown/theme")`) != store.ThemeDark || eval[string](s, `document.documentElement.dataset.theme`) != store.ThemeDark {
		t.Fatal("the theme did not stay where the page reads it before the app starts")
	}
	s.open("/history")
	s.waitContains(history[len(history)-1].Date.Long())
	s.assertClean()
}

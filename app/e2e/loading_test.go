//go:build e2e

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestLoadingScreenSaysWhatToDo opens Sundown when app.wasm cannot be
// fetched (a first visit offline, the server gone mid-load): the loading
// screen says what happened and what to do, not only the browser's bare
// error. It also checks the screen's looks: the page's own background in
// light and in dark, and a mark that only moves for people who have not
// asked for less motion.
func TestLoadingScreenSaysWhatToDo(t *testing.T) {
	t.Parallel()
	s := newSession(t)
	s.networkErrorsExpected.Store(true) // go-app also logs the failed load to the console
	if _, err := chromedp.Call(s.ctx, network.SetBlockedURLs, network.SetBlockedURLsParams{
		URLPatterns: []*network.BlockPattern{{URLPattern: s.origin + "/web/app.wasm", Block: true}}}); err != nil {
		t.Fatal(err)
	}
	s.run("opening / without app.wasm", chromedp.Navigate(s.origin+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#app-wasm-loader-label[role="alert"]`)))
	said := s.text("#app-wasm-loader-label")
	for _, want := range []string{"Sundown could not load", "reload the page", "Your days are kept in this browser", "Failed to fetch"} {
		if !strings.Contains(said, want) {
			t.Errorf("the loading screen says %q, without %q", said, want)
		}
	}

	// The screen's looks, on the loader still on the page.
	sameBackground := `getComputedStyle(document.getElementById("app-wasm-loader")).backgroundColor === getComputedStyle(document.body).backgroundColor`
	animation := `(() => { const m = document.getElementById("app-wasm-loader-icon"); m.classList.add("goapp-spin"); return getComputedStyle(m).animationName; })()`
	for _, theme := range []string{"light", "dark"} {
		eval[chromedp.Void](s, `document.documentElement.dataset.theme = "`+theme+`"`)
		if !eval[bool](s, sameBackground) {
			t.Errorf("%s: the loading screen's background is not the page's", theme)
		}
	}
	for motion, want := range map[string]string{"no-preference": "sundown-breathe", "reduce": "none"} {
		if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: motion}}}); err != nil {
			t.Fatal(err)
		}
		if got := eval[string](s, animation); got != want {
			t.Errorf("prefers-reduced-motion: %s: the mark's animation is %q, want %q", motion, got, want)
		}
	}
}

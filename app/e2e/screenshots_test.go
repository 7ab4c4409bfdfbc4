//go:build e2e

package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestScreenshots walks the main screens with the demo history in the
// light and the dark theme and on a phone: Today, a ritual step, the done
// screen, History and Insights. With SUNDOWN_SCREENSHOTS set (make
// screenshots) it saves each as a PNG.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	for _, look := range []struct {
		name        string
		dark, phone bool
	}{{"light", false, false}, {"dark", true, false}, {"phone", false, true}} {
		t.Run(look.name, func(t *testing.T) {
			s := newSession(t)
			s.open("/")
			s.importDemo()
			if look.dark {
				if _, err := chromedp.Call(s.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}); err != nil {
					t.Fatal(err)
				}
			}
			if look.phone {
				s.asPhone()
			}
			s.open("/")
			s.waitContains("Start shutdown")
			s.shot(look.name + "-today")

			s.click("Start shutdown")
			for _, title := range []string{"Mark the stop", "Sweep your inputs"} {
				s.waitText("#step-title", title)
				s.click("Next")
			}
			s.waitText("#step-title", "Wins")
			s.fill("Win", "Shipped the CSV importer")
			s.click("Add")
			s.waitContains("Shipped the CSV importer")
			s.click("Next")
			s.waitText("#step-title", "Unseen work")
			s.choose("Kind", "debugged")
			s.fill("Unseen work", "Chased a flaky integration test")
			s.fill("What I now know", "The test clock drifts under load")
			s.click("Add")
			s.waitContains("Now I know: The test clock drifts under load")
			s.shot(look.name + "-ritual-step")
			for _, title := range []string{"Open loops", "Tomorrow's first move", "Energy"} {
				s.click("Next")
				s.waitText("#step-title", title)
			}
			s.click("Next")
			s.waitText("#step-title", "Close")
			s.click("Finish")
			s.run("waiting for the done screen", chromedp.WaitVisible(chromedp.CSS("#done-title")))
			s.shot(look.name + "-done")

			s.open("/history")
			s.waitContains("1 win")
			s.shot(look.name + "-history")
			s.open("/insights")
			s.shot(look.name + "-insights")
			s.assertClean()
		})
	}
}

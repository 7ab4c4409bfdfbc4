//go:build !(js && wasm)

package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func TestStorageCardSaysWhatTheBrowserKeeps(t *testing.T) {
	defer func() { testStorage = storageState{} }()
	env, _ := testEnv(t)
	testStorage = storageState{known: true, used: 2.4e6, available: 10e9}
	html := mount(t, &storageCard{env: env}, "/settings")
	mustContain(t, html, "take 2.4 MB of the 10.0 GB", "may delete this storage when space runs low", "export a backup", "Ask the browser to keep it")
	testStorage.persistent = true
	html = mount(t, &storageCard{env: env}, "/settings")
	mustContain(t, html, "keeps this storage for good")
	if strings.Contains(html, "Ask the browser to keep it") {
		t.Error("offers to ask for what the browser already gives")
	}
}

// The first closed day asks the browser to keep the storage, once.
func TestTheFirstClosedDayAsksToKeepTheStorage(t *testing.T) {
	env, _ := testEnv(t)
	keepStorage(env)
	if !env.Store.PersistAsked() {
		t.Fatal("the question was not noted, so every close would ask again")
	}
}

func TestInstallStepsWhereTheBrowserHasNoPrompt(t *testing.T) {
	cases := map[string]string{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1": "safari-ios",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15":                   "safari-mac",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0":                                                        "firefox-windows",
		"Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0":                                                                    "firefox-android",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36":                                   "",
		"Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0":                                                                  "",
	}
	for ua, want := range cases {
		if got := platformOf(ua, false); got != want {
			t.Errorf("%s: %q, want %q", ua, got, want)
		}
	}
	if got := platformOf("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", true); got != "safari-ios" {
		t.Errorf("an iPad (a Mac with touch): %q", got)
	}
	defer func() { testPlatform = "" }()
	testPlatform = "safari-mac"
	env, _ := testEnv(t)
	offer := &installOffer{Env: env}
	mustContain(t, mount(t, offer, "/"), "File → Add to Dock", "Got it")
	offer.dismiss(nil, app.Event{})
	if html := rerender(offer); strings.Contains(html, "Add to Dock") {
		t.Error("the offer is still shown once answered")
	}
	if html := mount(t, &installOffer{Env: env}, "/"); strings.Contains(html, "Add to Dock") {
		t.Error("the offer comes back after it was answered")
	}
}

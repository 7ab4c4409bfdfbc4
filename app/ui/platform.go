package ui

import "strings"

// platformOf tells, from a user agent, the browsers that have no install
// prompt of their own and how they install a web app. An iPad says it is
// a Mac; touch tells them apart.
func platformOf(userAgent string, touch bool) string {
	ua := strings.ToLower(userAgent)
	switch {
	case strings.Contains(ua, "firefox") && strings.Contains(ua, "windows"):
		return "firefox-windows"
	case strings.Contains(ua, "firefox") && strings.Contains(ua, "android"):
		return "firefox-android"
	case strings.Contains(ua, "chrome") || strings.Contains(ua, "chromium") || strings.Contains(ua, "crios") ||
		strings.Contains(ua, "fxios") || strings.Contains(ua, "edg"):
		return "" // has its own prompt, or (iOS) installs through Safari's share sheet anyway
	case strings.Contains(ua, "iphone") || strings.Contains(ua, "ipad") || (strings.Contains(ua, "macintosh") && touch):
		if strings.Contains(ua, "safari") {
			return "safari-ios"
		}
	case strings.Contains(ua, "macintosh") && strings.Contains(ua, "safari"):
		return "safari-mac"
	}
	return ""
}

// installSteps says how to install Sundown where the browser has no prompt.
func installSteps(platform string) string {
	switch platform {
	case "safari-ios":
		return "Tap Share, then “Add to Home Screen”. Installed, Sundown keeps your days: Safari deletes the data of sites not opened for seven days, but not of apps on the Home Screen."
	case "safari-mac":
		return "In Safari's menu, choose File → Add to Dock. Installed, Sundown keeps your days: Safari deletes the data of sites not opened for seven days, but not of apps in the Dock."
	case "firefox-windows":
		return "Click the install icon at the right of the address bar (or ⋯ → “Add app to taskbar”) to open Sundown in its own window, like an app."
	case "firefox-android":
		return "Open the menu ⋮ and choose “Install” (or “Add to Home screen”), to keep Sundown one tap away."
	}
	return ""
}

package server

import "encoding/json"

// manifestJSON is the web app manifest. Sundown writes its own because
// go-app's cannot mark an icon as maskable, which installed apps on phones
// need to fill their icon shape.
func manifestJSON() []byte {
	type icon struct {
		Src     string `json:"src"`
		Type    string `json:"type"`
		Sizes   string `json:"sizes"`
		Purpose string `json:"purpose"`
	}
	m := map[string]any{
		"id":               "/",
		"name":             "Sundown",
		"short_name":       "Sundown",
		"description":      "An evening shutdown ritual: record your wins and unseen work, plan open loops, and close the day.",
		"start_url":        "/",
		"scope":            "/",
		"display":          "standalone",
		"background_color": backgroundColor,
		"theme_color":      themeColor,
		"icons": []icon{
			{Src: "/web/icon.svg", Type: "image/svg+xml", Sizes: "any", Purpose: "any"},
			{Src: "/web/icon-192.png", Type: "image/png", Sizes: "192x192", Purpose: "any"},
			{Src: "/web/icon-512.png", Type: "image/png", Sizes: "512x512", Purpose: "any"},
			{Src: "/web/icon-maskable-512.png", Type: "image/png", Sizes: "512x512", Purpose: "maskable"},
		},
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(err) // a fixed map of strings always marshals
	}
	return b
}

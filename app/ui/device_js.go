//go:build js && wasm

package ui

import (
	"errors"
	"syscall/js"
)

// What the app asks of the browser about this device: notifications that
// work on phones and installed apps, and the state of its storage.

// showReminder shows the end-of-day notification through the service
// worker's registration: Chrome on Android and Safari on iOS refuse
// new Notification() from a page, and an installed app has no page in front
// when it fires. Clicking it opens path (the worker's notificationclick
// handler, go-app's, reads data.goapp). Where there is no worker yet, the
// page's own Notification is used. It blocks: call it off the UI goroutine.
func showReminder(title, body, path string) error {
	options := map[string]any{
		"body": body, "icon": "/web/icon-192.png", "tag": "sundown-reminder",
		"data": map[string]any{"goapp": map[string]any{"path": path, "actions": []any{}}},
	}
	if sw := js.Global().Get("navigator").Get("serviceWorker"); sw.Truthy() {
		reg, err := awaitPromise(sw.Get("ready"))
		if err == nil {
			_, err = awaitPromise(reg.Call("showNotification", title, options))
			return err
		}
	}
	ctor := js.Global().Get("Notification")
	if !ctor.Truthy() {
		return errors.New("this browser shows no notifications")
	}
	ctor.New(title, options)
	return nil
}

// storageState is what the browser says of the site's storage.
type storageState struct {
	known      bool // the browser answered at all
	persistent bool
	used       float64 // bytes
	available  float64 // bytes, the quota
}

// readStorageState asks navigator.storage. It blocks: call it off the UI goroutine.
func readStorageState() storageState {
	storage := js.Global().Get("navigator").Get("storage")
	if !storage.Truthy() || !storage.Get("estimate").Truthy() {
		return storageState{}
	}
	var s storageState
	if estimate, err := awaitPromise(storage.Call("estimate")); err == nil {
		s.known, s.used, s.available = true, estimate.Get("usage").Float(), estimate.Get("quota").Float()
	}
	if storage.Get("persisted").Truthy() {
		if p, err := awaitPromise(storage.Call("persisted")); err == nil {
			s.persistent = p.Truthy()
		}
	}
	return s
}

// askPersistentStorage asks the browser to keep Sundown's storage even
// when space runs low (and, in Safari, after seven days without a visit).
// Browsers decide on their own; some ask the user. It blocks: call it off
// the UI goroutine.
func askPersistentStorage() bool {
	storage := js.Global().Get("navigator").Get("storage")
	if !storage.Truthy() || !storage.Get("persist").Truthy() {
		return false
	}
	granted, err := awaitPromise(storage.Call("persist"))
	return err == nil && granted.Truthy()
}

// platform names the browser and system where the install steps differ:
// "safari-ios", "safari-mac", "firefox-windows", "firefox-android", or "".
func platform() string {
	nav := js.Global().Get("navigator")
	ua := nav.Get("userAgent").String()
	touch := nav.Get("maxTouchPoints").Int() > 1
	return platformOf(ua, touch)
}

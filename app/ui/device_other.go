//go:build !(js && wasm)

package ui

// Outside the browser: no notifications, no storage estimate (tests set
// these to see what the pages do with them).

var (
	testStorage  storageState
	testPlatform string
)

func showReminder(title, body, path string) error { return nil }

type storageState struct {
	known, persistent bool
	used, available   float64
}

func readStorageState() storageState { return testStorage }

func askPersistentStorage() bool { return testStorage.persistent }

func platform() string { return testPlatform }

package store

// Choices of this device only, never synced. The theme is one: a phone may
// be dark while a laptop is light. It is stored as plain text, without a
// schema version, in the device KV (localStorage in the browser), because
// web/theme.js reads it before the app starts.

import "fmt"

const themeKey = prefix + "theme"

// Themes are the choices: follow the system, or always light or dark.
const (
	ThemeSystem = "system"
	ThemeLight  = "light"
	ThemeDark   = "dark"
)

// Theme returns this device's theme, ThemeSystem unless another was chosen.
func (s *Store) Theme() string {
	v, ok, err := s.device.Get(themeKey)
	if err != nil || !ok || (v != ThemeLight && v != ThemeDark) {
		return ThemeSystem
	}
	return v
}

// SaveTheme stores this device's theme.
func (s *Store) SaveTheme(theme string) error {
	switch theme {
	case ThemeLight, ThemeDark:
		return s.device.Set(themeKey, theme)
	case ThemeSystem:
		return s.device.Delete(themeKey)
	}
	return fmt.Errorf("unknown theme %q: choose %s, %s or %s", theme, ThemeSystem, ThemeLight, ThemeDark)
}

// installOfferedKey marks that Sundown offered to install itself on this
// device: it offers once, and never nags.
const installOfferedKey = prefix + "install-offered"

// InstallOffered reports whether the install offer was already made here.
func (s *Store) InstallOffered() bool {
	_, ok, err := s.kv.Get(installOfferedKey)
	return ok || err != nil // an unreadable storage is no reason to ask
}

// SetInstallOffered records that the install offer was made.
func (s *Store) SetInstallOffered() error { return s.set(installOfferedKey, "yes") }

// persistAskedKey marks that Sundown asked the browser, on this device, to
// keep its storage (navigator.storage.persist): once, after the first
// closed day; Settings offers to ask again.
const persistAskedKey = prefix + "persist-asked"

// PersistAsked reports whether the browser was asked already here.
func (s *Store) PersistAsked() bool {
	_, ok, err := s.kv.Get(persistAskedKey)
	return ok || err != nil
}

// SetPersistAsked records that the browser was asked.
func (s *Store) SetPersistAsked() error { return s.set(persistAskedKey, "yes") }

package store

// The theme is this device's own choice, not one of the synced settings: a
// phone may be dark while a laptop is light. It is stored as plain text,
// without a schema version, because web/theme.js reads it before the app
// starts.

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
	v, ok, err := s.kv.Get(themeKey)
	if err != nil || !ok || (v != ThemeLight && v != ThemeDark) {
		return ThemeSystem
	}
	return v
}

// SaveTheme stores this device's theme.
func (s *Store) SaveTheme(theme string) error {
	switch theme {
	case ThemeLight, ThemeDark:
		return s.set(themeKey, theme)
	case ThemeSystem:
		return s.kv.Delete(themeKey)
	}
	return fmt.Errorf("unknown theme %q: choose %s, %s or %s", theme, ThemeSystem, ThemeLight, ThemeDark)
}

package store

import "encoding/json"

const syncConfigKey = prefix + "sync/config"

// SyncConfig is this device's sync set-up. The data key is kept on the
// device, like the data it protects, so the passphrase is asked once.
type SyncConfig struct {
	Server   string `json:"server"`
	Token    string `json:"token"`
	User     string `json:"user"`
	DeviceID int64  `json:"device_id"`
	Device   string `json:"device"` // this device's name, as paired
	DataKey  []byte `json:"data_key"`
}

// SyncConfig returns the device's sync set-up, if sync is on.
func (s *Store) SyncConfig() (SyncConfig, bool) {
	var cfg SyncConfig
	raw, ok, err := s.kv.Get(syncConfigKey)
	if err != nil || !ok || json.Unmarshal([]byte(raw), &cfg) != nil || cfg.Token == "" {
		return SyncConfig{}, false
	}
	return cfg, true
}

// SaveSyncConfig turns sync on with cfg: from now on saves are marked for
// sync, and every day, and the settings and checklist if ever saved, are marked to be
// sent once.
func (s *Store) SaveSyncConfig(cfg SyncConfig) error {
	b, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	if err := s.set(syncConfigKey, string(b)); err != nil {
		return err
	}
	s.SetSyncing(true)
	return s.markAsNew(neverSynced)
}

// ClearSyncConfig turns sync off on this device. The days stay, and so does
// their sync state, so turning sync on again with the same account resumes.
func (s *Store) ClearSyncConfig() error {
	s.SetSyncing(false)
	return s.kv.Delete(syncConfigKey)
}

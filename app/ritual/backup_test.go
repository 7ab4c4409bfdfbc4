package ritual

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func backupBytes(t *testing.T) []byte {
	t.Helper()
	b, err := NewBackup(DefaultSettings(), DefaultChecklist(), exportHistory(), now).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBackupRoundTrip(t *testing.T) {
	data := backupBytes(t)
	b, err := ParseBackup(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := b.Marshal()
	if !bytes.Equal(data, again) {
		t.Fatal("a backup read and written again is not the same file")
	}
	if len(b.Days) != len(exportHistory()) || !b.Days[0].Date.Before(b.Days[1].Date) {
		t.Fatalf("days = %d, not oldest first", len(b.Days))
	}
}

func TestMalformedBackupsNameTheProblem(t *testing.T) {
	good := string(backupBytes(t))
	cases := map[string]struct{ file, want string }{
		"truncated":      {good[:len(good)/2], "ends too early"},
		"not json":       {"hello", "not valid JSON at line 1"},
		"other app":      {`{"app":"notes","schema":1}`, "not a Sundown backup"},
		"newer schema":   {strings.Replace(good, `"schema": 1`, `"schema": 7`, 1), "format version 7"},
		"wrong type":     {strings.Replace(good, `"energy": 2`, `"energy": "high"`, 1), `day 2 (2026-11-16): field "energy" should be a number`},
		"unknown field":  {strings.Replace(good, `"app": "sundown",`, `"app": "sundown", "colour": "red",`, 1), `unknown field "colour"`},
		"duplicate ids":  {duplicateWinID(good), "appears twice"},
		"bad date":       {strings.Replace(good, `"date": "2026-11-17"`, `"date": "2026-11-31"`, 1), `"2026-11-31" is not a date`},
		"bad kind":       {strings.Replace(good, `"kind": "helped"`, `"kind": "napped"`, 1), `"napped" is not a kind`},
		"settings wrong": {strings.Replace(good, `"closing_phrase": "Shutdown complete"`, `"closing_phrase": ""`, 1), "settings: Closing phrase"},
		"huge":           {good + strings.Repeat(" ", 50<<20), "a Sundown backup is far smaller"},
	}
	for name, c := range cases {
		_, err := ParseBackup([]byte(c.file))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v\nwant it to say %q", name, err, c.want)
		}
	}
}

// duplicateWinID gives the second win of the file the ID of the first.
func duplicateWinID(file string) string {
	b, _ := ParseBackup([]byte(file))
	d := &b.Days[1] // 2026-11-16 has win "a"; add a copy with the same ID
	d.Wins = append(d.Wins, d.Wins[0])
	out, _ := b.Marshal()
	return string(out)
}

func TestMergeKeepsBothSidesAndTheNewerEdit(t *testing.T) {
	base := NewDay(Date{2026, time.November, 24})
	shared, _ := base.AddWin("Shared win", now)
	local := base.Clone()
	incoming := base.Clone()

	local.AddWin("Only here", now)
	incoming.AddWin("Only in the backup", now)
	incoming.EditWin(shared.ID, "Shared win, edited later in the backup", now.Add(time.Hour))
	local.SetFirstMove("Local first move", now.Add(2*time.Hour))
	incoming.SetFirstMove("Older first move", now.Add(time.Hour))
	incoming.SetEnergy(4)
	incoming.Complete(StampOf(now))

	m := MergeDay(local, incoming)
	var texts []string
	for _, w := range m.Wins {
		texts = append(texts, w.Text)
	}
	if strings.Join(texts, "|") != "Shared win, edited later in the backup|Only here|Only in the backup" {
		t.Fatalf("wins = %v", texts)
	}
	if m.FirstMove.Text != "Local first move" || m.Energy != 4 || !m.IsClosed() {
		t.Fatalf("merged = %+v", m)
	}
	if len(local.Wins) != 2 || local.Wins[0].Text != "Shared win" {
		t.Fatal("merging changed the local day")
	}
	if again := MergeDay(m, incoming); !SameDay(again, m) {
		t.Fatal("merging the same backup twice changed the day again")
	}
}

package ritual

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// BackupSchema is the version of the backup file format this Sundown writes and reads.
const BackupSchema = 1

// MaxBackupBytes bounds an import: ten years of history is a few megabytes,
// so a larger file is not a Sundown backup.
const MaxBackupBytes = 20 << 20

// backupApp names the file's maker, so a random JSON file is refused early.
const backupApp = "sundown"

// Backup is everything Sundown keeps, as one file the user owns.
type Backup struct {
	App       string    `json:"app"`
	Schema    int       `json:"schema"`
	Exported  time.Time `json:"exported"`
	Settings  Settings  `json:"settings"`
	Checklist Checklist `json:"checklist"`
	Days      []Day     `json:"days"`
}

// NewBackup assembles a backup; days are sorted oldest first.
func NewBackup(settings Settings, checklist Checklist, days []Day, now time.Time) Backup {
	days = slices.Clone(days)
	SortDays(days)
	return Backup{App: backupApp, Schema: BackupSchema, Exported: now.UTC(), Settings: settings, Checklist: checklist, Days: days}
}

// Marshal writes the backup file.
func (b Backup) Marshal() ([]byte, error) { return json.MarshalIndent(b, "", " ") }

// backupFile is the outer shape of the file; days are read one by one so a
// problem can be named by its day.
type backupFile struct {
	App       string            `json:"app"`
	Schema    int               `json:"schema"`
	Exported  time.Time         `json:"exported"`
	Settings  json.RawMessage   `json:"settings"`
	Checklist json.RawMessage   `json:"checklist"`
	Days      []json.RawMessage `json:"days"`
}

// ParseBackup reads and checks a backup file completely, and names the first
// problem precisely. Nothing is changed by reading: an import touches the
// data only after the whole file has passed.
func ParseBackup(data []byte) (Backup, error) {
	if len(data) > MaxBackupBytes {
		return Backup{}, invalid("Backup", fmt.Sprintf("the file is %.1f MB; a Sundown backup is far smaller (at most %d MB). Is it the right file?", float64(len(data))/(1<<20), MaxBackupBytes>>20))
	}
	var f backupFile
	if err := strictJSON(data, &f); err != nil {
		return Backup{}, invalid("Backup", describeJSONError(err, data))
	}
	if f.App != backupApp {
		return Backup{}, invalid("Backup", "this is not a Sundown backup (it has no \"app\": \"sundown\")")
	}
	if f.Schema != BackupSchema {
		return Backup{}, invalid("Backup", fmt.Sprintf("the file has format version %d; this Sundown reads version %d. Update the app, or export the backup again", f.Schema, BackupSchema))
	}
	b := Backup{App: f.App, Schema: f.Schema, Exported: f.Exported, Settings: DefaultSettings(), Checklist: DefaultChecklist()}
	if err := parsePart("settings", f.Settings, &b.Settings, func() error { return b.Settings.Validate() }); err != nil {
		return Backup{}, err
	}
	if err := parsePart("checklist", f.Checklist, &b.Checklist, func() error { return b.Checklist.Validate() }); err != nil {
		return Backup{}, err
	}
	seen := map[Date]bool{}
	for i, raw := range f.Days {
		var d Day
		if err := strictJSON(raw, &d); err != nil {
			return Backup{}, invalid("Backup", fmt.Sprintf("day %d%s: %s", i+1, dateHint(raw), describeJSONError(err, raw)))
		}
		if err := d.Validate(); err != nil {
			return Backup{}, invalid("Backup", fmt.Sprintf("day %d (%s): %s", i+1, d.Date, err))
		}
		if seen[d.Date] {
			return Backup{}, invalid("Backup", fmt.Sprintf("day %d: %s appears twice", i+1, d.Date))
		}
		seen[d.Date] = true
		b.Days = append(b.Days, d)
	}
	return b, nil
}

func parsePart(name string, raw json.RawMessage, v any, validate func() error) error {
	if len(raw) == 0 {
		return invalid("Backup", name+" is missing")
	}
	if err := strictJSON(raw, v); err != nil {
		return invalid("Backup", name+": "+describeJSONError(err, raw))
	}
	if err := validate(); err != nil {
		return invalid("Backup", name+": "+err.Error())
	}
	return nil
}

// strictJSON decodes one JSON value and refuses unknown fields and trailing data.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("extra data after the end")
	}
	return nil
}

// describeJSONError says what a decoding error means for a person.
func describeJSONError(err error, data []byte) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var invalidErr *InvalidError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "the file ends too early; it may have been cut off while copying"
	case errors.As(err, &syntax):
		return fmt.Sprintf("not valid JSON at line %d (%s)", lineOf(data, syntax.Offset), syntax.Error())
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q should be %s, not a JSON %s", typ.Field, kindName(typ.Type.Kind().String()), typ.Value)
	case errors.As(err, &invalidErr):
		return invalidErr.Error()
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ") + ", which a Sundown backup does not have"
	}
	return err.Error()
}

func kindName(kind string) string {
	switch kind {
	case "string":
		return "text"
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "a list"
	case "struct", "map":
		return "an object"
	}
	return kind
}

func lineOf(data []byte, offset int64) int {
	return bytes.Count(data[:min(int(offset), len(data))], []byte("\n")) + 1
}

// dateHint names the date of a day that failed to decode, when it can be read.
func dateHint(raw json.RawMessage) string {
	var d struct{ Date string }
	if json.Unmarshal(raw, &d) == nil && d.Date != "" {
		return " (" + d.Date + ")"
	}
	return ""
}

// MergeDay combines a day from a backup into the local one. Nothing local
// is deleted: entries are matched by ID, the newer edit of an entry wins, and
// what only one side has is kept.
func MergeDay(local, incoming Day) Day {
	m := local.Clone()
	m.Wins = mergeEntries(local.Wins, incoming.Wins, func(w Win) time.Time { return w.Updated })
	m.Unseen = mergeEntries(local.Unseen, incoming.Unseen, func(u Unseen) time.Time { return u.Updated })
	m.Loops = mergeEntries(local.Loops, incoming.Loops, func(l OpenLoop) time.Time { return l.Updated })
	m.FirstMove = newerLine(local.FirstMove, incoming.FirstMove)
	m.Note = newerLine(local.Note, incoming.Note)
	if m.Started == nil {
		m.Started = clonePtr(incoming.Started)
	}
	if m.Completed == nil {
		m.Completed = clonePtr(incoming.Completed)
	}
	if m.Energy == 0 {
		m.Energy = incoming.Energy
	}
	m.Off = local.Off || incoming.Off
	for id, status := range incoming.Steps {
		if _, ok := m.Steps[id]; !ok {
			m.MarkStep(id, status)
		}
	}
	return m
}

func mergeEntries[T identified](local, incoming []T, updated func(T) time.Time) []T {
	merged := slices.Clone(local)
	for _, e := range incoming {
		i := indexByID(merged, e.entryID())
		switch {
		case i < 0:
			merged = append(merged, e)
		case updated(e).After(updated(merged[i])):
			merged[i] = e
		}
	}
	return merged
}

func newerLine(local, incoming *Line) *Line {
	if local == nil || (incoming != nil && incoming.Updated.After(local.Updated)) {
		return clonePtr(incoming)
	}
	return clonePtr(local)
}

// SameDay reports whether two days hold exactly the same data.
func SameDay(a, b Day) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Every value is stored as its schema version, a colon, and its data as
// JSON: `3:{"day":{"date":"2026-11-24",...}}`.
//
// Why not a JSON envelope ({"schema":2,"data":{...}})? go-app scans every
// localStorage value for expired states of its own, when the app starts and
// once a minute, and JSON-decodes each one. A value that does not start like
// JSON is rejected at its first byte; an envelope would be decoded in full,
// which with ten years of days cost 200 ms at every start and every minute.
// Values written as envelopes are still read.
type envelope struct {
	Schema int             `json:"schema"`
	Data   json.RawMessage `json:"data"`
}

// errNewerSchema means the value was written by a newer Sundown. It is left
// alone (not quarantined): the newer app can still read it.
var errNewerSchema = errors.New("written by a newer version of Sundown: reload the page to update the app")

// migration turns data of one schema version into the next.
type migration func(json.RawMessage) (json.RawMessage, error)

// format is one kind of stored value: its current schema and how older
// schemas become the current one (migrations[v] upgrades v to v+1).
type format struct {
	current    int
	migrations map[int]migration
}

var (
	dayFormat       = format{current: 3, migrations: map[int]migration{1: migrateDayV1, 2: wrapIn("day")}}
	settingsFormat  = format{current: 2, migrations: map[int]migration{1: wrapIn("value")}}
	checklistFormat = format{current: 2, migrations: map[int]migration{1: wrapIn("value")}}
	loopIndexFormat = format{current: 1}
)

func (f format) encode(v any) (string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return strconv.Itoa(f.current) + ":" + string(data), nil
}

// split separates a stored value into its schema version and its data.
func split(raw string) (envelope, error) {
	var env envelope
	if strings.HasPrefix(raw, "{") {
		if err := json.Unmarshal([]byte(raw), &env); err != nil {
			return env, fmt.Errorf("not valid JSON: %w", err)
		}
		return env, nil
	}
	version, data, ok := strings.Cut(raw, ":")
	n, err := strconv.Atoi(version)
	if !ok || err != nil {
		return env, errors.New("no schema version")
	}
	// Not checked here: decoding checks it (json.Unmarshal scans the whole
	// value before it decodes any of it), and a second scan was a third of
	// the time of reading a day.
	return envelope{Schema: n, Data: json.RawMessage(data)}, nil
}

// errDamaged is a stored value that is not JSON: cut off, or damaged.
var errDamaged = errors.New("not valid JSON: the value is cut off or damaged")

// damaged reports whether err is JSON's syntax error.
func damaged(err error) bool {
	var syntax *json.SyntaxError
	return errors.As(err, &syntax)
}

// decode reads a stored value into v, migrating it from an older schema first.
func (f format) decode(raw string, v any) error {
	env, err := split(raw)
	if err != nil {
		return err
	}
	if env.Schema < 1 || len(env.Data) == 0 {
		return errors.New("no schema version or no data")
	}
	if env.Schema > f.current {
		return fmt.Errorf("schema %d is %w", env.Schema, errNewerSchema)
	}
	data := env.Data
	for version := env.Schema; version < f.current; version++ {
		upgrade, ok := f.migrations[version]
		if !ok {
			return fmt.Errorf("no way to read schema %d", version)
		}
		var err error
		if data, err = upgrade(data); err != nil {
			if damaged(err) {
				return errDamaged
			}
			return fmt.Errorf("migrating schema %d: %w", version, err)
		}
	}
	if err := json.Unmarshal(data, v); err != nil {
		if damaged(err) {
			return errDamaged
		}
		return fmt.Errorf("wrong shape: %w", err)
	}
	return nil
}

// dayV1 is the first stored form of a day, when wins and tomorrow's first
// move were bare strings without IDs or times.
type dayV1 struct {
	Date      string   `json:"date"`
	Wins      []string `json:"wins"`
	FirstMove string   `json:"first_move"`
}

// entryNamespace makes the IDs a migration gives old entries deterministic:
// migrating the same value twice (on two devices, say) yields the same IDs.
var entryNamespace = uuid.MustParse("6f1c2a52-8f7e-4a43-9d38-2b6c1fd0e7a1")

// migrateDayV1 gives v1 wins and first move their IDs and times.
func migrateDayV1(data json.RawMessage) (json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	var old dayV1
	if err := json.Unmarshal(data, &old); err != nil {
		return nil, err
	}
	var created time.Time // v1 kept no times: the zero time says "unknown"
	entry := func(n string, text string) map[string]any {
		id := uuid.NewSHA1(entryNamespace, []byte(old.Date+"/"+n)).String()
		return map[string]any{"id": id, "created": created, "updated": created, "text": text}
	}
	wins := make([]map[string]any, 0, len(old.Wins))
	for i, text := range old.Wins {
		wins = append(wins, entry(fmt.Sprintf("win/%d", i), text))
	}
	if err := setField(fields, "wins", wins); err != nil {
		return nil, err
	}
	delete(fields, "first_move")
	if old.FirstMove != "" {
		if err := setField(fields, "first_move", entry("first-move", old.FirstMove)); err != nil {
			return nil, err
		}
	}
	return json.Marshal(fields)
}

func setField(fields map[string]json.RawMessage, name string, v any) error {
	b, err := json.Marshal(v)
	fields[name] = b
	return err
}

// wrapIn makes the migration of a value that was stored alone (a v2 day, v1
// settings or checklist) into one stored beside its sync state (none yet):
// the old data becomes the named field.
func wrapIn(field string) migration {
	return func(data json.RawMessage) (json.RawMessage, error) {
		return json.Marshal(map[string]json.RawMessage{field: data})
	}
}

package ritual

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Merging a day edited on two devices. base is the version both started
// from (what was last synced), local and remote the two edited versions.
// The rules: a field changed on one side takes that side; lists merge by
// entry ID; a text changed differently on both sides keeps both versions,
// marked as a conflict for the user to resolve; an edit beats a delete.
// The result does not depend on which side is "local": two devices merging
// the same three versions get the same day, which is what lets them agree.

// textFields are the fields whose concurrent edits are kept side by side
// rather than one chosen.
var textFields = map[string]bool{"text": true, "learned": true, "next_step": true}

// conflictNamespace makes the ID of the second version of a conflicted
// entry the same on every device.
var conflictNamespace = uuid.MustParse("8a0e7b8e-3c1f-4d55-9d0a-6f2f1c1a9e42")

// MergeDays merges two versions of a day against their common base.
func MergeDays(base, local, remote Day) Day {
	m := NewDay(local.Date)
	m.Wins = merge3(base.Wins, local.Wins, remote.Wins)
	m.Unseen = merge3(base.Unseen, local.Unseen, remote.Unseen)
	m.Loops = merge3(base.Loops, local.Loops, remote.Loops)
	m.FirstMove = mergeLine(base.FirstMove, local.FirstMove, remote.FirstMove)
	m.Note = mergeLine(base.Note, local.Note, remote.Note)
	m.Steps = mergeSteps(local.Steps, remote.Steps)
	m.Started = earliest(local.Started, remote.Started)
	m.Completed = earliest(local.Completed, remote.Completed)
	m.Energy = pick3(base.Energy, local.Energy, remote.Energy)
	if local.Energy != base.Energy && remote.Energy != base.Energy {
		m.Energy = max(local.Energy, remote.Energy) // both changed: a fixed rule, the same on each device
	}
	m.Off = pick3(base.Off, local.Off, remote.Off)
	return m
}

// pick3 takes the side that changed; when both did, local (callers that
// must be symmetric decide that case themselves).
func pick3[T comparable](base, local, remote T) T {
	if local == base {
		return remote
	}
	return local
}

// earliest keeps the first moment a shutdown started or ended: these are
// only ever set, never cleared, so the earlier of the two is the truth.
func earliest(a, b *Stamp) *Stamp {
	switch {
	case a == nil:
		return clonePtr(b)
	case b == nil || !b.At.Before(a.At):
		return clonePtr(a)
	}
	return clonePtr(b)
}

func mergeSteps(local, remote map[string]StepStatus) map[string]StepStatus {
	if len(local)+len(remote) == 0 {
		return nil
	}
	steps := map[string]StepStatus{}
	for id, s := range remote {
		steps[id] = s
	}
	for id, s := range local {
		if steps[id] != StepDone { // done beats skipped
			steps[id] = s
		}
	}
	return steps
}

// merge3 merges lists of entries by ID, field by field. The work is done
// on the entries' JSON fields (mergeVersions), once for every kind of entry:
// a generic merge would be compiled again for each of them, and app.wasm
// carries every copy.
func merge3[T identified](base, local, remote []T) []T {
	merged := mergeVersions(entriesOf(base), entriesOf(local), entriesOf(remote))
	out := make([]T, len(merged))
	for i, e := range merged {
		out[i] = fromFields[T](e)
	}
	return out
}

// entry is one entry as its JSON fields.
type entry = map[string]json.RawMessage

func entriesOf[T any](list []T) []entry {
	out := make([]entry, len(list))
	for i, e := range list {
		out[i] = fields(e)
	}
	return out
}

func entryID(e entry) string { return string(unquote(e["id"])) }

func findEntry(list []entry, id string) (entry, bool) {
	for _, e := range list {
		if entryID(e) == id {
			return e, true
		}
	}
	return nil, false
}

func sameEntry(a, b entry) bool { return bytes.Equal(canonical(a), canonical(b)) }

// mergeVersions merges three versions of a list of entries by ID.
func mergeVersions(base, local, remote []entry) []entry {
	ids := map[string]bool{}
	for _, list := range [][]entry{base, local, remote} {
		for _, e := range list {
			ids[entryID(e)] = true
		}
	}
	var out []entry
	for id := range ids {
		b, inB := findEntry(base, id)
		l, inL := findEntry(local, id)
		r, inR := findEntry(remote, id)
		switch {
		case inL && inR:
			out = append(out, mergeEntry(b, l, r)...)
		case inL && (!inB || !sameEntry(b, l)): // remote deleted it; an edit beats a delete
			out = append(out, l)
		case inR && (!inB || !sameEntry(b, r)):
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return compareEntries(out[i], out[j]) < 0 }) // see SortDates
	return out
}

// mergeEntry merges one entry present on both sides, field by field (base
// is nil when the entry is new on both). Text edited differently on both
// sides yields two entries marked as conflicting.
func mergeEntry(base, local, remote entry) []entry {
	b, l, r := base, local, remote
	if b == nil {
		b = entry{}
	}
	newer, older := l, r
	if newerOf(r, l) {
		newer, older = r, l
	}
	merged := entry{}
	conflict := false
	for key := range union(l, r) {
		lv, rv, bv := l[key], r[key], b[key]
		switch {
		case bytes.Equal(lv, rv):
			merged[key] = lv
		case bytes.Equal(lv, bv):
			merged[key] = rv
		case bytes.Equal(rv, bv):
			merged[key] = lv
		case key == "updated" || key == "conflict_with":
			merged[key] = newer[key]
		case textFields[key]:
			merged[key] = newer[key]
			conflict = true
		default:
			merged[key] = newer[key]
		}
	}
	if !conflict {
		return []entry{merged}
	}
	// Both texts survive: the newer version keeps the ID; the older one
	// becomes a second entry with an ID every device derives alike.
	second := entry{}
	for k, v := range merged {
		second[k] = v
	}
	for key := range textFields {
		if v, ok := older[key]; ok {
			second[key] = v
		}
	}
	id := entryID(merged)
	otherID := uuid.NewSHA1(conflictNamespace, append([]byte(id+"/"), canonical(older)...)).String()
	second["id"], _ = json.Marshal(otherID)
	second["conflict_with"], _ = json.Marshal(id)
	merged["conflict_with"], _ = json.Marshal(otherID)
	return []entry{merged, second}
}

// newerOf reports whether entry a was edited after entry b, with a fixed
// tie-break so both devices decide the same.
func newerOf(a, b map[string]json.RawMessage) bool {
	var ta, tb time.Time
	json.Unmarshal(a["updated"], &ta)
	json.Unmarshal(b["updated"], &tb)
	if !ta.Equal(tb) {
		return ta.After(tb)
	}
	return bytes.Compare(canonical(a), canonical(b)) > 0
}

func union(a, b map[string]json.RawMessage) map[string]bool {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

func fields(v any) map[string]json.RawMessage {
	data, _ := json.Marshal(v)
	m := map[string]json.RawMessage{}
	json.Unmarshal(data, &m)
	return m
}

func fromFields[T any](m map[string]json.RawMessage) T {
	var v T
	data, _ := json.Marshal(m)
	json.Unmarshal(data, &v)
	return v
}

// canonical is a map's JSON with sorted keys (encoding/json sorts them).
func canonical(m map[string]json.RawMessage) []byte {
	data, _ := json.Marshal(m)
	return data
}

func unquote(raw json.RawMessage) []byte {
	var s string
	json.Unmarshal(raw, &s)
	return []byte(s)
}

func same[T any](a, b T) bool { return bytes.Equal(canonical(fields(a)), canonical(fields(b))) }

// compareEntries orders entries by when they were written, then by ID.
func compareEntries(x, y entry) int {
	if c := bytes.Compare(x["created"], y["created"]); c != 0 {
		return c
	}
	return strings.Compare(entryID(x), entryID(y))
}

// mergeLine merges a one-line entry; texts written on both sides keep the
// newer as the text and the other in Other.
func mergeLine(base, local, remote *Line) *Line {
	switch {
	case local == nil && remote == nil:
		return nil
	case local == nil:
		if base != nil && same(*base, *remote) {
			return nil // cleared on this side, untouched on the other
		}
		return clonePtr(remote)
	case remote == nil:
		if base != nil && same(*base, *local) {
			return nil
		}
		return clonePtr(local)
	}
	var b Line
	if base != nil {
		b = *base
	}
	newer, older := *local, *remote
	if newerOf(fields(*remote), fields(*local)) {
		newer, older = *remote, *local
	}
	switch {
	case local.Text == remote.Text:
		return &newer // the same words on both sides: the later edit, whichever side merges
	case remote.Text == b.Text:
		return clonePtr(local)
	case local.Text == b.Text:
		return clonePtr(remote)
	}
	newer.Other = older.Text
	return &newer
}

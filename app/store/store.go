package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"
	"github.com/remoteml/sundown/app/ritual"
)

// Keys. Everything lives under one prefix so Sundown never reads or clears
// another app's values on the same origin.
const (
	prefix         = "sundown/"
	dayPrefix      = prefix + "day/"
	quarantinePref = prefix + "quarantine/"
	settingsKey    = prefix + "settings"
	checklistKey   = prefix + "checklist"
	openLoopsKey   = prefix + "open-loops"
)

func dayKey(d ritual.Date) string { return dayPrefix + d.String() }

// Store reads and writes Sundown's data through a KV. It keeps in memory
// only what makes saving cheap: the list of dates that have a day, and the
// index of open loops.
type Store struct {
	kv      KV
	device  KV                     // what must be read before the app starts (the theme): localStorage in the browser
	syncing bool                   // saves are marked for sync
	dirty   *cached[[]ritual.Date] // days changed since their last sync; loaded on first use
	dates   []ritual.Date          // newest first
	// datesVersion counts the changes to dates (see DatesVersion).
	datesVersion int
	loops        *cached[loopIndex] // loaded on first use
	problems     []Problem
	tab          string // names this store's notes of edits (see journal.go)
}

// Open lists what kv holds and finishes the edits a page left unfinished
// as it went away (see finishEdits). It reads no other day: days are read
// when shown, so starting costs the same with ten years of history as with
// none. The device's own choices are kept in kv too.
func Open(kv KV) (*Store, error) { return OpenWith(kv, kv) }

// OpenWith is Open with the device's own choices (the theme) kept in
// device: in the browser, the data is in IndexedDB and the theme in
// localStorage, where a script reads it before the app starts.
func OpenWith(kv, device KV) (*Store, error) {
	keys, err := kv.Keys()
	if err != nil {
		return nil, fmt.Errorf("listing stored keys: %w", err)
	}
	s := &Store{kv: kv, device: device, dates: datesOf(keys), tab: uuid.NewString()}
	for _, k := range keys {
		if strings.HasPrefix(k, quarantinePref) {
			s.problems = append(s.problems, quarantinedProblem(k))
		}
	}
	_, s.syncing = s.SyncConfig()
	s.finishEdits()
	return s, nil
}

// otherTabs is a storage that hears the changes other tabs of the app make
// (IndexedDB, through its BroadcastChannel).
type otherTabs interface {
	OnOtherTab(func(key string, present bool))
}

// WatchOtherTabs calls changed each time another tab changes a value, so
// that pages can show it; the store's list of dates follows first. Both
// run inside run, which puts them on the goroutine the store is used from.
// A storage that cannot hear other tabs never calls them.
func (s *Store) WatchOtherTabs(run func(func()), changed func()) {
	w, ok := s.kv.(otherTabs)
	if !ok {
		return
	}
	w.OnOtherTab(func(key string, present bool) {
		run(func() {
			s.heard(key, present)
			changed()
		})
	})
}

// forgetful is a storage that keeps values it read (IndexedDB) and can
// drop them.
type forgetful interface{ Forget() }

// ReadAfresh drops what the store and its storage keep in memory, so that
// what follows reads the storage as it is now, another tab's last writes
// included even before that tab's word of them arrives. A tab's sync starts
// with it.
func (s *Store) ReadAfresh() {
	if f, ok := s.kv.(forgetful); ok {
		f.Forget()
	}
	s.loops, s.dirty = nil, nil
	_, s.syncing = s.SyncConfig()
}

// heard keeps what the store holds in memory true to a value another tab
// wrote or removed: the dates, the indexes (read again when next used: an
// index kept from before would be written back without the other tab's
// entries, and its open loop or unsynced day would be lost from it),
// whether saves are marked for sync, and the values kept aside.
func (s *Store) heard(key string, present bool) {
	switch {
	case key == openLoopsKey:
		s.loops = nil
	case key == dirtyKey:
		s.dirty = nil
	case key == syncConfigKey:
		_, s.syncing = s.SyncConfig()
	case strings.HasPrefix(key, quarantinePref):
		s.heardQuarantined(key, present)
	}
	for _, d := range datesOf([]string{key}) {
		if present {
			s.noteDate(d)
		} else {
			s.dropDate(d)
		}
	}
}

// datesOf returns the dates of the days among keys, newest first.
func datesOf(keys []string) []ritual.Date {
	var dates []ritual.Date
	for _, k := range keys {
		if rest, ok := strings.CutPrefix(k, dayPrefix); ok {
			if d, err := ritual.ParseDate(rest); err == nil {
				dates = append(dates, d)
			}
		}
	}
	// The browser's database lists its keys in order, and a day's key sorts
	// as its date: reversing them is one pass where sorting ten years of
	// dates took a noticeable part of a start in WebKit.
	if slices.IsSortedFunc(dates, ritual.Date.Compare) {
		slices.Reverse(dates)
	} else {
		ritual.SortDatesNewestFirst(dates)
	}
	return dates
}

// Dates returns every date that has a stored day, newest first.
func (s *Store) Dates() []ritual.Date { return slices.Clone(s.dates) }

// Day returns the stored day for date, or an empty day when there is none.
// A value that cannot be read is quarantined and reported in Problems; the
// caller gets an empty day and an error saying what happened.
func (s *Store) Day(date ritual.Date) (ritual.Day, error) {
	stored, _, err := s.readDay(date)
	return stored.Day, err
}

// PreloadDays reads the stored days from from to to in one step where the
// browser's database can (see Preloader), so that the Day calls that follow
// do not each wait for it. What it cannot read, they report.
func (s *Store) PreloadDays(from, to ritual.Date) {
	if to.Before(from) {
		from, to = to, from
	}
	if p, ok := s.kv.(Preloader); ok {
		_ = p.Preload(dayKey(from), dayKey(to))
	}
}

// storedDay is a day as it is stored: the day, and beside it, in the same
// value, its sync state. One value means one write: a save and the note
// that it must be synced cannot be separated by a crash.
type storedDay struct {
	Day  ritual.Day `json:"day"`
	Sync *SyncMeta  `json:"sync,omitempty"`
}

// SyncMeta is what sync keeps of a day.
type SyncMeta struct {
	Base    json.RawMessage `json:"base,omitempty"`    // the day as last synced
	Version int64           `json:"version,omitempty"` // the server's version of Base
	Dirty   bool            `json:"dirty,omitempty"`   // changed here since
}

// readDay reads a stored day, quarantining a value that cannot be read.
func (s *Store) readDay(date ritual.Date) (storedDay, bool, error) {
	stored, read, err := s.readDayAsIs(date)
	return stored, read.present && err == nil, err
}

// asRead is the value a day was read from, so that an edit of the day is
// written only over that value (see Swapper).
type asRead struct {
	value   string
	present bool
}

// anyValue writes whatever the day's key holds: a write that does not
// build on what was read.
var anyValue *asRead

// readDayAsIs is readDay, and says what value the day was read from.
func (s *Store) readDayAsIs(date ritual.Date) (storedDay, asRead, error) {
	stored := storedDay{Day: ritual.NewDay(date)}
	raw, ok, err := s.kv.Get(dayKey(date))
	read := asRead{value: raw, present: ok}
	if err != nil {
		return stored, read, fmt.Errorf("reading %s: %w", date.Long(), err)
	}
	if !ok {
		return stored, read, nil
	}
	err = dayFormat.decode(raw, &stored)
	if err == nil {
		err = stored.Day.Validate()
	}
	if err == nil && stored.Day.Date != date {
		err = fmt.Errorf("holds %s instead", stored.Day.Date)
	}
	if err != nil {
		return storedDay{Day: ritual.NewDay(date)}, read, s.unreadable(dayKey(date), date, raw, err)
	}
	return stored, read, nil
}

// SaveDay stores day. When it returns nil the day is in the browser's
// storage, which is what lets the UI say "Saved". With sync on, the same
// write marks the day as changed here. A day written by a newer Sundown is
// refused, not overwritten.
func (s *Store) SaveDay(day ritual.Day) error {
	stored, _, err := s.readDay(day.Date) // its sync state, if any; an unreadable one starts afresh
	if errors.Is(err, errNewerSchema) {
		return err
	}
	edited, err := s.edited(stored, day)
	if err != nil {
		return err
	}
	return s.saveStored(edited, anyValue, false)
}

// EditDay makes change to the day as it is stored now, saves it, and
// returns what it saved. Pages change days through it rather than saving
// the copy they show: another tab, or a sync the page has not shown yet,
// may have changed the day since the page read it, and saving that copy
// would undo their change. Should another tab write the day between the
// read and the write here, change is made again, to what that tab wrote.
func (s *Store) EditDay(date ritual.Date, change func(*ritual.Day) error) (ritual.Day, error) {
	saved, err := s.rewriteDay(date, s.currentDay, func(stored storedDay, _ bool) (storedDay, error) {
		day := stored.Day.Clone()
		if err := change(&day); err != nil {
			return storedDay{}, err
		}
		return s.edited(stored, day)
	}, true)
	return saved.Day, err
}

// rewriteDay writes what remake makes of a day and its sync state as read
// (found is false when no day is stored), over exactly the value they were
// read from. Should another tab write the day between the read and the
// write, remake is made again, to what that tab wrote.
func (s *Store) rewriteDay(date ritual.Date, read func(ritual.Date) (storedDay, asRead, error), remake func(stored storedDay, found bool) (storedDay, error), edit bool) (storedDay, error) {
	var saved storedDay
	err := untilUnchanged(date.Long(), func() error {
		stored, was, err := read(date)
		if err != nil {
			return err
		}
		if saved, err = remake(stored, was.present); err != nil {
			return err
		}
		return s.saveStored(saved, &was, edit)
	})
	return saved, err
}

// untilUnchanged runs write again while another tab overtakes it (it
// returns errChangedMeanwhile), editAttempts times at most; what names the
// value in the message that it kept changing.
func untilUnchanged(what string, write func() error) error {
	for range editAttempts {
		if err := write(); !errors.Is(err, errChangedMeanwhile) {
			return err
		}
	}
	return fmt.Errorf("%s kept changing in another tab while this one saved, so this change was not saved: try again", what)
}

// editAttempts is how many times a change that another tab overtook is
// made: more than the tabs of one person that write one value at once.
const editAttempts = 5

// errChangedMeanwhile means a key no longer held the value the change was
// made to.
var errChangedMeanwhile = errors.New("changed by another tab since it was read")

// currentDay reads a day to change it. A damaged value has been set aside
// by the first read, so the second starts from an empty day; a day from a
// newer Sundown, or a read that keeps failing, is not changed at all.
func (s *Store) currentDay(date ritual.Date) (storedDay, asRead, error) {
	stored, read, err := s.readDayAsIs(date)
	if err != nil && !errors.Is(err, errNewerSchema) {
		stored, read, err = s.readDayAsIs(date)
	}
	return stored, read, err
}

// edited is stored with its day replaced by day, keeping its sync state
// and, with sync on, marking it as changed here.
func (s *Store) edited(stored storedDay, day ritual.Day) (storedDay, error) {
	if err := day.CheckSize(); err != nil {
		return storedDay{}, err // every day the app saves fits in one sync record
	}
	stored.Day = day
	if s.syncing {
		if stored.Sync == nil {
			stored.Sync = &SyncMeta{}
		}
		stored.Sync.Dirty = true
	}
	return stored, nil
}

// saveStored writes a day with its sync state, keeping the indexes a
// superset of the truth: entries are added before the day is written and
// dropped after. With over, the day is written only if its key still holds
// that value, or errChangedMeanwhile is returned. An edit made here (edit)
// is noted in the device's storage until the day is written (see
// journal.go): sync's writes are not, as a lost one is pulled again.
func (s *Store) saveStored(stored storedDay, over *asRead, edit bool) error {
	day := stored.Day
	if err := day.Validate(); err != nil {
		return err
	}
	value, err := dayFormat.encode(stored)
	if err != nil {
		return err
	}
	written := func() {}
	if edit && over != anyValue {
		s.noteEdit(day.Date, over, value)
		written = sync.OnceFunc(func() { s.editWritten(day.Date) })
		defer written()
	}
	dirty := stored.Sync != nil && stored.Sync.Dirty
	if dirty {
		if err := s.markDirty(day.Date, true); err != nil {
			return err
		}
	}
	// Storage is atomic per key only, so the open-loop index is kept a
	// superset of the truth: new loops are indexed before the day is written,
	// closed ones are dropped after. A crash in between leaves a stale entry,
	// which reading filters out, never a loop that cannot be found.
	refs := day.OpenLoopRefs()
	if err := s.changeLoopIndex(func(idx loopIndex) loopIndex { return idx.union(idx.replace(day.Date, refs)) }); err != nil {
		return err
	}
	err = s.setOver(dayKey(day.Date), value, over)
	written() // or refused, and the edit says so: the indexes' last step needs no note
	if err != nil {
		return err
	}
	s.noteDate(day.Date)
	if !dirty {
		if err := s.markDirty(day.Date, false); err != nil {
			return err
		}
	}
	return s.changeLoopIndex(func(idx loopIndex) loopIndex { return idx.replace(day.Date, refs) })
}

func newestFirst(a, b ritual.Date) int { return b.Compare(a) }

// noteDate adds date to the in-memory list of dates, keeping it newest first.
func (s *Store) noteDate(date ritual.Date) {
	i, found := slices.BinarySearchFunc(s.dates, date, newestFirst)
	if !found {
		s.dates = slices.Insert(s.dates, i, date)
		s.datesVersion++
	}
}

// Settings returns the stored settings, or the defaults.
func (s *Store) Settings() ritual.Settings {
	stored, _ := settingsChoice.read(s)
	return stored.Value
}

// SaveSettings stores settings after checking them.
func (s *Store) SaveSettings(settings ritual.Settings) error {
	_, err := s.EditSettings(func(ritual.Settings) ritual.Settings { return settings })
	return err
}

// EditSettings stores what change makes of the settings as stored now, and
// returns them; see EditDay for why pages change them this way.
func (s *Store) EditSettings(change func(stored ritual.Settings) ritual.Settings) (ritual.Settings, error) {
	return settingsChoice.edit(s, change)
}

// Checklist returns the stored checklist, or the default one.
func (s *Store) Checklist() ritual.Checklist {
	stored, _ := checklistChoice.read(s)
	return stored.Value
}

// SaveChecklist stores checklist after checking it.
func (s *Store) SaveChecklist(checklist ritual.Checklist) error {
	_, err := s.EditChecklist(func(ritual.Checklist) ritual.Checklist { return checklist })
	return err
}

// EditChecklist stores what change makes of the checklist as stored now,
// and returns it (see EditSettings).
func (s *Store) EditChecklist(change func(stored ritual.Checklist) ritual.Checklist) (ritual.Checklist, error) {
	return checklistChoice.edit(s, change)
}

// cached is a one-of-a-kind value the store keeps in memory (an index),
// with the stored value it was read from or written as.
type cached[T any] struct {
	value T
	from  asRead
}

// readSingle reads a one-of-a-kind value, and says what value it was read
// from. When nothing is stored, the value is start(false); when what is
// stored cannot be read, it is start(true), and what was stored is set
// aside (from then says what the key holds after that). A value still
// stored as memo was read from is not decoded again.
func readSingle[T any](s *Store, key string, f format, memo *cached[T], start func(damaged bool) T) (T, asRead, error) {
	raw, ok, err := s.kv.Get(key)
	from := asRead{value: raw, present: ok}
	switch {
	case err != nil:
		return start(true), from, err
	case memo != nil && memo.from == from:
		return memo.value, from, nil
	case !ok:
		return start(false), from, nil
	}
	v := start(false)
	if err := f.decode(raw, &v); err != nil {
		s.unreadable(key, ritual.Date{}, raw, err)
		raw, ok, err = s.kv.Get(key) // nothing, once it was set aside
		return start(true), asRead{value: raw, present: ok}, err
	}
	return v, from, nil
}

// readCached is an index the store keeps in memory: read as readSingle
// reads it on first use, then what memo holds.
func readCached[T any](s *Store, key string, f format, memo **cached[T], start func(damaged bool) T) T {
	if *memo == nil {
		v, from, _ := readSingle(s, key, f, nil, start)
		*memo = &cached[T]{value: v, from: from}
	}
	return (*memo).value
}

// changeSingle writes what change makes of a one-of-a-kind value as it is
// stored now (read as readSingle reads it), over exactly the value it was
// read from, as rewriteDay writes a day: should another tab write it in the
// moment before this one hears of it, change is made again to what that
// tab wrote. change reports false when there is nothing to write; it may
// change a value it was given, unless that value is kept in memo, which
// then keeps what is stored after. what names the value in a message.
func changeSingle[T any](s *Store, key, what string, f format, memo **cached[T], start func(damaged bool) T, change func(T) (T, bool)) (T, error) {
	var next T
	err := untilUnchanged(what, func() error {
		var known *cached[T]
		if memo != nil {
			known = *memo
		}
		v, from, err := readSingle(s, key, f, known, start)
		if err != nil {
			return err
		}
		remember := func(v T, from asRead) {
			if memo != nil {
				*memo = &cached[T]{value: v, from: from}
			}
		}
		remember(v, from)
		var write bool
		if next, write = change(v); !write {
			return nil
		}
		value, err := f.encode(next)
		if err != nil {
			return err
		}
		if err := s.setOver(key, value, &from); err != nil {
			return err
		}
		remember(next, asRead{value: value, present: true})
		return nil
	})
	return next, err
}

// empty is a one-of-a-kind value that starts from nothing, whether nothing
// was stored or what was could not be read.
func empty[T any](bool) (nothing T) { return nothing }

func (s *Store) writeSingle(key string, f format, v any) error {
	value, err := f.encode(v)
	if err != nil {
		return err
	}
	return s.set(key, value)
}

// set writes one value and turns a full storage into a message people can act on.
func (s *Store) set(key, value string) error { return savingFailed(s.kv.Set(key, value)) }

// savingFailed says what a refused write means to the user.
func savingFailed(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrFull):
		return fullStorage(", so this change was not saved")
	}
	return fmt.Errorf("saving failed, nothing was changed: %w", err)
}

// setOver is set, made only over what was read when over is given and the
// storage can say (see Swapper).
func (s *Store) setOver(key, value string, over *asRead) error {
	swapper, ok := s.kv.(Swapper)
	if over == anyValue || !ok {
		return s.set(key, value)
	}
	swapped, err := swapper.Swap(key, over.value, over.present, value)
	if err == nil && !swapped {
		return errChangedMeanwhile
	}
	return savingFailed(err)
}

// fullStorage says that the storage is full (and what that meant, after
// it), that nothing was lost, and what to do.
func fullStorage(meant string) error {
	return fmt.Errorf("%w%s. Everything saved before is intact. Export a backup (Settings → Backup) to keep a copy, free some space (remove other sites' data in the browser's settings) and try again.", ErrFull, meant)
}

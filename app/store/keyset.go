package store

import "slices"

// keySet is the keys of a database, sorted. The browser lists them in order,
// so a set made from that list costs one pass, where a map would cost a
// hash of every key and a sort for every listing: ten years are 3,650 keys,
// and at start WebKit runs this code slowly enough for that to show.
type keySet struct{ sorted []string }

// newKeySet takes keys in any order, and keeps the slice when they are in
// order (then it only checks them).
func newKeySet(keys []string) keySet {
	if !slices.IsSorted(keys) {
		keys = slices.Clone(keys)
		slices.Sort(keys)
	}
	return keySet{sorted: slices.Compact(keys)}
}

func (s *keySet) has(key string) bool {
	_, found := slices.BinarySearch(s.sorted, key)
	return found
}

func (s *keySet) add(key string) {
	if i, found := slices.BinarySearch(s.sorted, key); !found {
		s.sorted = slices.Insert(s.sorted, i, key)
	}
}

// addAll adds many keys at once, as one import does: one sort, not one
// insertion each.
func (s *keySet) addAll(keys []string) {
	all := append(slices.Clone(s.sorted), keys...)
	slices.Sort(all)
	s.sorted = slices.Compact(all)
}

func (s *keySet) remove(key string) {
	if i, found := slices.BinarySearch(s.sorted, key); found {
		s.sorted = slices.Delete(s.sorted, i, i+1)
	}
}

// all returns the keys in order, a copy the caller may keep.
func (s *keySet) all() []string { return slices.Clone(s.sorted) }

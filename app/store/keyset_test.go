package store

import (
	"slices"
	"testing"
)

func TestKeySetKeepsKeysInOrder(t *testing.T) {
	s := newKeySet([]string{"sundown/day/2026-03-02", "sundown/checklist", "sundown/day/2026-03-01", "sundown/checklist"})
	want := []string{"sundown/checklist", "sundown/day/2026-03-01", "sundown/day/2026-03-02"}
	if got := s.all(); !slices.Equal(got, want) {
		t.Fatalf("from keys out of order with a repeat: %q, want %q", got, want)
	}
	s.add("sundown/day/2026-03-03")
	s.add("sundown/day/2026-03-01") // already there
	s.addAll([]string{"sundown/settings", "sundown/day/2026-02-28", "sundown/checklist"})
	s.remove("sundown/checklist")
	s.remove("sundown/not-there")
	want = []string{"sundown/day/2026-02-28", "sundown/day/2026-03-01", "sundown/day/2026-03-02", "sundown/day/2026-03-03", "sundown/settings"}
	if got := s.all(); !slices.Equal(got, want) {
		t.Fatalf("after adding and removing: %q, want %q", got, want)
	}
	for _, k := range want {
		if !s.has(k) {
			t.Errorf("has(%q) = false", k)
		}
	}
	if s.has("sundown/checklist") {
		t.Error("a removed key is still there")
	}
	all := s.all()
	all[0] = "changed"
	if s.has("changed") {
		t.Error("all() handed out the set's own slice")
	}
}

func TestDatesOfKeysInOrderOrNot(t *testing.T) {
	inOrder := []string{"sundown/checklist", "sundown/day/2025-12-31", "sundown/day/2026-01-01", "sundown/day/2026-01-02", "sundown/settings"}
	shuffled := []string{"sundown/day/2026-01-01", "sundown/settings", "sundown/day/2026-01-02", "sundown/day/2025-12-31"}
	for _, keys := range [][]string{inOrder, shuffled} {
		var got []string
		for _, d := range datesOf(keys) {
			got = append(got, d.String())
		}
		if want := []string{"2026-01-02", "2026-01-01", "2025-12-31"}; !slices.Equal(got, want) {
			t.Errorf("datesOf(%q) = %q, want newest first %q", keys, got, want)
		}
	}
}

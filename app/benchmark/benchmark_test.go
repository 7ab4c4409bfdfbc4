package benchmark

import (
	"slices"
	"testing"
)

func TestRotationGivesEverySideEveryPlace(t *testing.T) {
	first := map[int]int{}
	for turn := range 6 {
		order := Rotation(turn, 3)
		if sorted := slices.Sorted(slices.Values(order)); !slices.Equal(sorted, []int{0, 1, 2}) {
			t.Fatalf("turn %d: %v is not each side once", turn, order)
		}
		first[order[0]]++
	}
	if first[0] != 2 || first[1] != 2 || first[2] != 2 {
		t.Fatalf("firsts over six turns: %v, want each side twice", first)
	}
}

func TestRatiosLeaveOutTurnsWithoutAFloor(t *testing.T) {
	var r Ratios
	r.Add(3, 2)
	r.Add(1, 0)
	r.Add(2, 2)
	if len(r) != 2 || Median(r) != 1.5 || slices.Min(r) != 1 {
		t.Fatalf("ratios %v", r)
	}
	if Median(nil) != 0 {
		t.Fatal("the median of nothing is not 0")
	}
}

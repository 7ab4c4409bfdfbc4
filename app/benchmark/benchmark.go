// Package benchmark holds what Sundown's benchmarks share to stay fair on a
// shared machine: the sides of a comparison take turns in an order that
// rotates, and each figure is the median of the per-turn ratios, reported
// with the lowest and highest of them, so a run shows its own spread.
package benchmark

import (
	"slices"
	"testing"
)

// Rotation is the order in which n sides take turn number turn: 0, 1, 2,
// then 1, 2, 0, then 2, 0, 1. No side is always first (on a cold cache) or
// always last (after the machine warmed up).
func Rotation(turn, n int) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = (turn + i) % n
	}
	return order
}

// Median returns the middle value of xs (the upper of the two middle ones
// when there is an even number), or 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// Ratios are the ratios of one figure, one per turn.
type Ratios []float64

// Add records one turn's ratio of value to floor; a turn whose floor is
// zero has no ratio and is left out.
func (r *Ratios) Add(value, floor float64) {
	if floor != 0 {
		*r = append(*r, value/floor)
	}
}

// Report reports the median ratio as name-ratio and the spread as
// name-ratio-min and name-ratio-max.
func (r Ratios) Report(b *testing.B, name string) {
	if len(r) == 0 {
		return
	}
	b.ReportMetric(Median(r), name+"-ratio")
	b.ReportMetric(slices.Min(r), name+"-ratio-min")
	b.ReportMetric(slices.Max(r), name+"-ratio-max")
}

// Spread reports the median of values as name, and their lowest and
// highest as name-min and name-max.
func Spread(b *testing.B, name string, values []float64) {
	if len(values) == 0 {
		return
	}
	b.ReportMetric(Median(values), name)
	b.ReportMetric(slices.Min(values), name+"-min")
	b.ReportMetric(slices.Max(values), name+"-max")
}

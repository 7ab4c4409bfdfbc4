package store

import (
	"fmt"
	"testing"

	"github.com/remoteml/sundown/app/ritual"
)

// BenchmarkSaveDay saves one edit with no history and with ten years of it:
// the two must cost the same, since a save writes only the day's own key.
func BenchmarkSaveDay(b *testing.B) {
	for _, years := range []int{0, 10} {
		b.Run(fmt.Sprintf("history=%dy", years), func(b *testing.B) {
			kv := NewMemoryKV()
			s, _ := Open(kv)
			start := date("2016-11-25")
			for i := range years * 365 {
				d := ritual.NewDay(start.AddDays(i))
				d.AddWin("A win", now)
				d.AddUnseen(ritual.UnseenInput{Kind: ritual.KindRead, Text: "Read the design doc"}, now)
				s.SaveDay(d)
			}
			s, _ = Open(kv)
			day, _ := s.Day(date("2026-11-25"))
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				day.SetNote(fmt.Sprintf("edit %d", i), now)
				if err := s.SaveDay(day); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package store

import (
	"fmt"
	"testing"
	"time"

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

// BenchmarkReadDay reads stored days of a year of synthetic history, as
// History and the exports do: decoding is most of what they cost.
func BenchmarkReadDay(b *testing.B) {
	st, err := Open(NewMemoryKV())
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range ritual.GenerateHistory(1, ritual.Date{Year: 2026, Month: time.November, Day: 20}, 1) {
		if err := st.SaveDay(d); err != nil {
			b.Fatal(err)
		}
	}
	dates := st.Dates()
	for i := 0; b.Loop(); i++ {
		if _, err := st.Day(dates[i%len(dates)]); err != nil {
			b.Fatal(err)
		}
	}
}

package ritual

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestProofHoldsOnlyTheRangesWinsAndUnseenWork(t *testing.T) {
	days := exportHistory()
	r := Range{Date{2026, time.November, 16}, Date{2026, time.November, 24}}
	p := NewProof(days, r, DefaultDayEnds)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, private := range []string{"Answer Ana", "Draft three bullets", "A win on a day off", "energy"} {
		if strings.Contains(text, private) {
			t.Errorf("the proof holds %q: %s", private, text)
		}
	}
	var wins, unseen int
	for _, d := range daysIn(days, r) {
		wins += len(d.Wins)
		unseen += len(d.Unseen)
	}
	if len(p.Wins) != wins || len(p.Unseen) != unseen || wins == 0 || unseen == 0 {
		t.Fatalf("the proof has %d wins and %d unseen, the range %d and %d", len(p.Wins), len(p.Unseen), wins, unseen)
	}
	if !strings.Contains(text, "The retry loop hides the real error") {
		t.Errorf("what was learned is missing: %s", text)
	}
	style := Style{}
	if got, want := p.Summary(style), Summary(daysIn(days, r), DefaultDayEnds, style); got != want {
		t.Errorf("the proof's summary %q, the export's %q", got, want)
	}
	back, err := ParseProof(b)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(back); string(again) != text {
		t.Fatalf("read back differs:\n%s\n%s", again, text)
	}
}

func TestAProofOfNothingAndAnUnknownKind(t *testing.T) {
	p := NewProof(nil, Range{Date{2026, time.November, 23}, Date{2026, time.November, 29}}, DefaultDayEnds)
	if p.MedianStop != nil || p.DaysClosed != 0 || p.Wins == nil {
		t.Fatalf("an empty week: %+v", p)
	}
	p.Unseen = []ProofEntry{{Kind: "mentored", Text: "From a newer version"}}
	if got := p.UnseenOfKind(KindOther); len(got) != 1 {
		t.Fatalf("an unknown kind is not shown as other: %+v", got)
	}
	for _, bad := range []string{"", "{", `{"range":{}}`, `{"range":{"From":"2026-11-29","To":"2026-11-23"}}`} {
		if _, err := ParseProof([]byte(bad)); err == nil {
			t.Errorf("%q read as a proof", bad)
		}
	}
}

package ritual

// LoopRef is an open loop together with the day it was written on. Loops
// stay in the day they came from; the ritual of a later day shows the ones
// still open so they can be closed or re-planned.
type LoopRef struct {
	Date Date     `json:"date"`
	Loop OpenLoop `json:"loop"`
}

// OpenLoopRefs returns the loops of d that are still open.
func (d *Day) OpenLoopRefs() []LoopRef {
	var refs []LoopRef
	for _, l := range d.Loops {
		if l.IsOpen() {
			refs = append(refs, LoopRef{Date: d.Date, Loop: l})
		}
	}
	return refs
}

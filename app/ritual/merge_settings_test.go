package ritual

import (
	"slices"
	"testing"
	"time"
)

func TestMergeSettingsTakesTheSideThatChanged(t *testing.T) {
	base := DefaultSettings()
	local, remote := base, base
	local.TargetEnd = 17 * 60
	remote.ClosingPhrase = "Done for today"
	remote.SetWorkday(time.Saturday, true)

	m := MergeSettings(base, local, remote)
	if m.TargetEnd != 17*60 || m.ClosingPhrase != "Done for today" || !m.IsWorkdayOf(time.Saturday) {
		t.Fatalf("merged = %+v, want both edits", m)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestMergeSettingsOfANewDeviceKeepsTheAccountsChoices(t *testing.T) {
	account := DefaultSettings()
	account.TargetEnd = 16 * 60
	account.Reminders = true
	fresh := DefaultSettings() // a device that never changed anything

	if m := MergeSettings(DefaultSettings(), fresh, account); m.TargetEnd != 16*60 || !m.Reminders {
		t.Fatalf("merged = %+v, want the account's choices", m)
	}
}

func TestMergeSettingsBothChangedKeepsLocal(t *testing.T) {
	base := DefaultSettings()
	local, remote := base, base
	local.TargetEnd, remote.TargetEnd = 17*60, 19*60
	if m := MergeSettings(base, local, remote); m.TargetEnd != 17*60 {
		t.Fatalf("target end = %v, want the merging device's 17:00", m.TargetEnd)
	}
}

func stepIDs(c Checklist) []string {
	var ids []string
	for _, s := range c.Steps {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestMergeChecklists(t *testing.T) {
	base := DefaultChecklist()

	local := DefaultChecklist()
	if err := local.Add(Step{Kind: StepCustom, Title: "Water the plants"}); err != nil {
		t.Fatal(err)
	}
	if err := local.Rename("wins", "What went well"); err != nil {
		t.Fatal(err)
	}
	remote := DefaultChecklist()
	if err := remote.Remove("sweep"); err != nil {
		t.Fatal(err)
	}
	if err := remote.Add(Step{Kind: StepCustom, Title: "Close the lid"}); err != nil {
		t.Fatal(err)
	}
	if err := remote.Move("energy", -1); err != nil {
		t.Fatal(err)
	}

	m := MergeChecklists(base, local, remote)
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, s := range m.Steps {
		titles[s.Title] = true
	}
	for _, want := range []string{"Water the plants", "Close the lid", "What went well"} {
		if !titles[want] {
			t.Errorf("merged checklist lacks %q: %v", want, stepIDs(m))
		}
	}
	if titles["Sweep your inputs"] {
		t.Errorf("the step removed on one side came back: %v", stepIDs(m))
	}
	if i, j := m.index("energy"), m.index("first-move"); i > j {
		t.Errorf("the order changed on the remote side was lost: %v", stepIDs(m))
	}
	if last := m.Steps[len(m.Steps)-1]; last.Kind != StepClose {
		t.Errorf("the close is not last: %v", stepIDs(m))
	}
}

func TestMergeChecklistsKeepsARenamedStepTheOtherSideRemoved(t *testing.T) {
	base := DefaultChecklist()
	local, remote := DefaultChecklist(), DefaultChecklist()
	if err := local.Rename("energy", "How tired am I"); err != nil {
		t.Fatal(err)
	}
	if err := remote.Remove("energy"); err != nil {
		t.Fatal(err)
	}
	m := MergeChecklists(base, local, remote)
	if !slices.Contains(stepIDs(m), "energy") {
		t.Fatalf("a renamed step was dropped: %v", stepIDs(m))
	}
	if m2 := MergeChecklists(base, remote, local); !slices.Contains(stepIDs(m2), "energy") {
		t.Fatalf("a renamed step was dropped when merged the other way: %v", stepIDs(m2))
	}
}

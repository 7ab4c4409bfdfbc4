package store

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// The page opens the database before the app runs (web/open-storage.js);
// it must open the one the app would, tell days and the calendar file
// apart as the store does, and name a day's key as the store does.
func TestPageOpensTheDatabaseTheStoreOpens(t *testing.T) {
	script, err := os.ReadFile("../../web/open-storage.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		fmt.Sprintf("indexedDB.open(%q, %d)", idbName, idbVersion),
		fmt.Sprintf("createObjectStore(%q)", idbStore),
		fmt.Sprintf("db.transaction(%q, ", idbStore),
		fmt.Sprintf("objectStore(%q)", idbStore),
		fmt.Sprintf("new BroadcastChannel(%q)", idbChanges),
		fmt.Sprintf("IDBKeyRange.upperBound(%q, true)", dayPrefix),
		fmt.Sprintf("IDBKeyRange.bound(%q, %q, false, true)", strings.TrimSuffix(dayPrefix, "/")+"0", calendarFileKey),
		fmt.Sprintf("IDBKeyRange.lowerBound(%q, true)", calendarFileKey),
		"`" + dayPrefix + "${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`",
	} {
		if !strings.Contains(string(script), want) {
			t.Errorf("web/open-storage.js does not say %s", want)
		}
	}
}

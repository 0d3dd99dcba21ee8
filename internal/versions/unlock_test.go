package versions

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Unlock gives the lock copy only when deleting it loses nothing: it is
// the signed copy of the current version, and the current secret was not
// written after it was made.
func TestUnlock(t *testing.T) {
	t.Parallel()
	from := ts("2026-11-26T04:00:00Z")
	made := from.Add(time.Hour)
	current := func(written time.Time) *Member {
		return &Member{StoreSecret: StoreSecret{ID: "c", Name: "ns--k", Created: from, Modified: written},
			Meta: Meta{Namespace: "ns", Name: "k", Kind: KindGenerated, Version: 3, From: from}, Marked: true}
	}
	lock := func(v int, from time.Time, by string) Member {
		meta := Retention{Mode: RetainForever}.Retire(Meta{Namespace: "ns", Name: "k", Kind: KindGenerated, Version: v, From: from}, made, by)
		return Member{StoreSecret: StoreSecret{ID: "l", Name: CopyName("ns", "k", v), Created: made, Modified: made}, Meta: meta, Marked: true}
	}
	older := lock(2, from.Add(-time.Hour), "00000000000000aa")
	family := func(c *Member, copies ...Member) Family {
		return Family{Namespace: "ns", Name: "k", Current: c, Copies: copies}
	}
	for _, tc := range []struct {
		name   string
		family Family
		want   error // nil: the lock copy of version 3 is given
	}{
		{"a signed copy made after the last write", family(current(from), lock(3, from, "00000000000000bb"), older), nil},
		{"a copy made in the instant of the last write", family(current(made), lock(3, from, "00000000000000bb")), nil},
		{"written a microsecond after the copy", family(current(made.Add(time.Microsecond)), lock(3, from, "00000000000000bb")), ErrWrittenSinceLock},
		{"written an hour after the copy", family(current(made.Add(time.Hour)), lock(3, from, "00000000000000bb")), ErrWrittenSinceLock},
		{"no copy of the current version", family(current(from), older), ErrNoLock},
		{"a copy that claims the current number with another start", family(current(from), lock(3, from.Add(-time.Minute), "00000000000000bb")), ErrNoLock},
		{"an unsigned copy, which rotations take as stale", family(current(from), lock(3, from, "")), ErrNoLock},
		{"no current secret", family(nil, lock(3, from, "00000000000000bb")), ErrNoLock},
		{"a current secret without Layeron metadata", family(&Member{StoreSecret: StoreSecret{Name: "ns--k"}}, lock(3, from, "00000000000000bb")), ErrNoLock},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.family.Unlock()
			if tc.want == nil {
				if err != nil || got.Name != "ns--k--v3" || got.ID != "l" {
					t.Fatalf("Unlock = %q, %v; want the lock copy ns--k--v3", got.Name, err)
				}
				return
			}
			if !errors.Is(err, tc.want) || got.Name != "" {
				t.Fatalf("Unlock = %q, %v; want no copy and %v", got.Name, err, tc.want)
			}
		})
	}
}

// A refusal names both store secrets and both times, so that whoever reads
// it can see what was written when.
func TestUnlockRefusalNamesTimes(t *testing.T) {
	t.Parallel()
	from := ts("2026-11-26T04:00:00Z")
	made, written := from.Add(time.Hour), from.Add(2*time.Hour+1500*time.Microsecond)
	f := Family{Namespace: "ns", Name: "k",
		Current: &Member{StoreSecret: StoreSecret{Name: "ns--k", Modified: written}, Meta: Meta{Namespace: "ns", Name: "k", Version: 1, From: from}, Marked: true},
		Copies:  []Member{{StoreSecret: StoreSecret{Name: "ns--k--v1", Created: made}, Meta: Meta{Version: 1, From: from, Retired: true, MadeBy: "00000000000000bb"}, Marked: true}}}
	_, err := f.Unlock()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{`"ns--k"`, `"ns--k--v1"`, "2026-11-26T06:00:00.0015Z", "2026-11-26T05:00:00Z"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the refusal %q does not name %s", msg, want)
		}
	}
}

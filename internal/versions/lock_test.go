package versions

import (
	"slices"
	"testing"
	"time"
)

// lockFamily is secret ns/k at version 3 with a retained copy of version 2
// and, unless by is empty, the copy of version 3 a rotation signed by made
// at made: its lock.
func lockFamily(by string, made time.Time) Family {
	from := ts("2026-01-01T00:00:00Z")
	current := &Member{StoreSecret: StoreSecret{ID: "c", Name: "ns--k"}, Meta: Meta{Namespace: "ns", Name: "k", Kind: KindRandom, Version: 3, From: from}, Marked: true}
	old := Member{StoreSecret: StoreSecret{ID: "v2", Name: CopyName("ns", "k", 2)},
		Meta: Meta{Namespace: "ns", Name: "k", Kind: KindRandom, Version: 2, From: from.Add(-Day), Retired: true, Until: from, ExpiresNever: true}, Marked: true}
	f := Family{Namespace: "ns", Name: "k", Current: current, Copies: []Member{old}}
	if by != "" {
		lock := Member{StoreSecret: StoreSecret{ID: "v3", Name: CopyName("ns", "k", 3), Created: made},
			Meta: Meta{Namespace: "ns", Name: "k", Kind: KindRandom, Version: 3, From: from, Retired: true, Until: made, MadeBy: by}, Marked: true}
		f.Copies = []Member{lock, old}
	}
	return f
}

// The copy of the current value is a rotation's lock, whoever made it: no
// retention mode prunes it while its lease runs, so that no writer deletes
// another's lock; past the lease it goes under every mode; it is never a
// version of its own.
func TestRetentionApplyLeavesLocks(t *testing.T) {
	t.Parallel()
	made := ts("2026-01-02T00:00:00Z")
	// A copy of the current value from a release that did not sign its
	// copies holds no rotation's lease.
	unsigned := lockFamily("aa", made)
	unsigned.Copies[0].Meta.MadeBy = ""
	for _, tc := range []struct {
		name   string
		family Family
		policy Retention
		now    time.Time
		prune  []string
	}{
		{"none, no lock", lockFamily("", made), Retention{Mode: RetainNone}, made, []string{"v2"}},
		{"none, a live lock", lockFamily("aa", made), Retention{Mode: RetainNone}, made.Add(RotationLease - time.Second), []string{"v2"}},
		{"none, a stale lock", lockFamily("aa", made), Retention{Mode: RetainNone}, made.Add(RotationLease), []string{"v3", "v2"}},
		{"retain_for, a live lock", lockFamily("aa", made), Retention{Mode: RetainFor, Days: 30}, made, nil},
		{"retain_for, a stale lock", lockFamily("aa", made), Retention{Mode: RetainFor, Days: 30}, made.Add(RotationLease), []string{"v3"}},
		{"forever, a live lock", lockFamily("aa", made), Retention{Mode: RetainForever}, made, nil},
		{"forever, an unsigned copy of the current value", unsigned, Retention{Mode: RetainForever}, made, []string{"v3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := tc.policy.Apply(tc.family, tc.now)
			var pruned []string
			for _, m := range p.Prune {
				pruned = append(pruned, m.ID)
			}
			if !slices.Equal(pruned, tc.prune) {
				t.Errorf("prune %v, want %v", pruned, tc.prune)
			}
			for _, v := range p.Keep {
				if !v.Current && v.Version == 3 {
					t.Errorf("the lock is kept as a version: %+v", v)
				}
			}
			for _, m := range p.Restamp {
				if m.ID == "v3" {
					t.Error("the lock is re-stamped")
				}
			}
		})
	}
}

// versions lists a secret whose rotation is in flight once per version.
func TestVersionsOmitLock(t *testing.T) {
	t.Parallel()
	var got []int
	for _, v := range lockFamily("aa", ts("2026-01-02T00:00:00Z")).Versions() {
		got = append(got, v.Version)
	}
	if !slices.Equal(got, []int{3, 2}) {
		t.Errorf("Versions = %v, want [3 2]", got)
	}
}

// A plan shows every number and store secret name a new version makes;
// only the instants the apply sets are unknown.
func TestRetentionAfter(t *testing.T) {
	t.Parallel()
	decided := ts("2026-01-03T00:00:00Z")
	type row struct {
		version                    int
		name                       string
		current                    bool
		fromAt, retiredAt, expires bool
	}
	current := row{4, "ns--k", true, true, false, false}
	for _, tc := range []struct {
		name    string
		family  Family
		policy  Retention
		retires bool
		want    []row
	}{
		{"a rotation under retain_for keeps version 3 until a time the apply sets", lockFamily("", decided), Retention{Mode: RetainFor, Days: 400},
			true, []row{current, {3, "ns--k--v3", false, false, true, true}, {2, "ns--k--v2", false, false, false, false}}},
		{"under retain_forever the copy never expires", lockFamily("", decided), Retention{Mode: RetainForever},
			true, []row{current, {3, "ns--k--v3", false, false, true, false}, {2, "ns--k--v2", false, false, false, false}}},
		{"under none nothing is kept", lockFamily("", decided), Retention{Mode: RetainNone}, true, []row{current}},
		{"a recorded outside write keeps no copy of the value it replaced", lockFamily("", decided), Retention{Mode: RetainForever},
			false, []row{current, {2, "ns--k--v2", false, false, false, false}}},
		{"a rotation that reuses its own lock lists it once", lockFamily("aa", decided), Retention{Mode: RetainForever},
			true, []row{current, {3, "ns--k--v3", false, false, true, false}, {2, "ns--k--v2", false, false, false, false}}},
		{"a copy expired at the decision is gone", lockFamily("", decided), Retention{Mode: RetainFor, Days: 1},
			true, []row{current, {3, "ns--k--v3", false, false, true, true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []row
			for _, p := range tc.policy.After(tc.family, decided, 4, tc.retires) {
				got = append(got, row{p.Version.Version, p.SecretName, p.Current, p.ActiveFromAtApply, p.RetiredAtApply, p.ExpiresAtApply})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("After = %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// A rotation reuses, replaces or stops at the copy of the current value
// itself: the prune it asks for leaves that copy, stale or not.
func TestRetentionApplyRotating(t *testing.T) {
	t.Parallel()
	made := ts("2026-01-02T00:00:00Z")
	p := Retention{Mode: RetainNone}.ApplyFor(lockFamily("aa", made), made.Add(RotationLease), "bb", true)
	var pruned []string
	for _, m := range p.Prune {
		pruned = append(pruned, m.ID)
	}
	if !slices.Equal(pruned, []string{"v2"}) {
		t.Errorf("prune %v, want [v2]", pruned)
	}
}

// A writer whose own rotation failed after its copy, and whose change no
// longer rotates, prunes that copy: it holds the current value, and would
// otherwise stop the writer's next rotation for the lease.
func TestRetentionApplyForOwnLock(t *testing.T) {
	t.Parallel()
	made := ts("2026-01-02T00:00:00Z")
	for _, tc := range []struct {
		by       string
		rotating bool
		prune    []string
	}{
		{"aa", false, []string{"v3", "v2"}},
		{"aa", true, []string{"v2"}},
		{"bb", false, []string{"v2"}},
	} {
		p := Retention{Mode: RetainNone}.ApplyFor(lockFamily("aa", made), made, tc.by, tc.rotating)
		var pruned []string
		for _, m := range p.Prune {
			pruned = append(pruned, m.ID)
		}
		if !slices.Equal(pruned, tc.prune) {
			t.Errorf("by %s, rotating %v: prune %v, want %v", tc.by, tc.rotating, pruned, tc.prune)
		}
	}
}

// A rotation takes one more store secret only for a copy that stays and
// that it must make.
func TestCopySlotNeeded(t *testing.T) {
	t.Parallel()
	made := ts("2026-01-02T00:00:00Z")
	forever, none := Retention{Mode: RetainForever}, Retention{Mode: RetainNone}
	for _, tc := range []struct {
		name   string
		policy Retention
		family Family
		by     string
		want   bool
	}{
		{"a copy to make and keep", forever, lockFamily("", made), "", true},
		{"retention none", none, lockFamily("", made), "", false},
		{"its own copy from a failed apply", forever, lockFamily("aa", made), "aa", false},
		{"another writer's live lock", forever, lockFamily("aa", made), "bb", false},
		{"no current secret", forever, Family{Namespace: "ns", Name: "k"}, "", false},
	} {
		if got := tc.policy.CopySlotNeeded(tc.family, tc.by, made); got != tc.want {
			t.Errorf("%s: CopySlotNeeded = %v, want %v", tc.name, got, tc.want)
		}
	}
}

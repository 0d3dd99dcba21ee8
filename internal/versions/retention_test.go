package versions

import (
	"slices"
	"testing"
	"time"
)

func TestRetentionApply(t *testing.T) {
	t.Parallel()
	retired := ts("2026-01-01T00:00:00Z")
	member := func(v int, expires time.Time, never bool) Member {
		meta := Meta{Namespace: "ns", Name: "k", Kind: "random", Version: v, From: retired.Add(-Day), Retired: true, Until: retired, Expires: expires, ExpiresNever: never}
		return Member{StoreSecret: StoreSecret{ID: CopyName("ns", "k", v), Name: CopyName("ns", "k", v)}, Meta: meta, Marked: true}
	}
	current := &Member{StoreSecret: StoreSecret{ID: "ns--k", Name: "ns--k"}, Meta: Meta{Namespace: "ns", Name: "k", Kind: "random", Version: 3, From: retired}, Marked: true}
	weekLater := retired.Add(7 * Day)
	family := Family{Namespace: "ns", Name: "k", Current: current, Copies: []Member{member(2, weekLater, false), member(1, time.Time{}, true)}}
	ids := func(ms []Member) []int {
		var out []int
		for _, m := range ms {
			out = append(out, m.Meta.Version)
		}
		return out
	}
	for _, tc := range []struct {
		name    string
		policy  Retention
		now     time.Time
		keep    []int
		restamp []int
		prune   []int
	}{
		{"none prunes every copy", Retention{Mode: RetainNone}, retired, []int{3}, nil, []int{2, 1}},
		{"forever keeps all, re-stamping the copy that would expire", Retention{Mode: RetainForever}, weekLater.Add(Day), []int{3, 2, 1}, []int{2}, nil},
		{"the same retain_for keeps its copy until it expires", Retention{Mode: RetainFor, Days: 7}, weekLater.Add(-time.Second), []int{3, 2, 1}, []int{1}, nil},
		{"a copy expires at its expiry, not after", Retention{Mode: RetainFor, Days: 7}, weekLater, []int{3}, nil, []int{2, 1}},
		{"a longer retain_for re-stamps both", Retention{Mode: RetainFor, Days: 30}, weekLater, []int{3, 2, 1}, []int{2, 1}, nil},
		{"a shorter retain_for prunes what it ended", Retention{Mode: RetainFor, Days: 1}, retired.Add(Day), []int{3}, nil, []int{2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := tc.policy.Apply(family, tc.now)
			var keep []int
			for _, v := range p.Keep {
				keep = append(keep, v.Version)
			}
			if !slices.Equal(keep, tc.keep) || !slices.Equal(ids(p.Restamp), tc.restamp) || !slices.Equal(ids(p.Prune), tc.prune) {
				t.Errorf("keep %v, restamp %v, prune %v; want %v, %v, %v", keep, ids(p.Restamp), ids(p.Prune), tc.keep, tc.restamp, tc.prune)
			}
			for _, m := range p.Restamp {
				expires, never := tc.policy.Expiry(m.Meta.Until)
				if m.Meta.ExpiresNever != never || !m.Meta.Expires.Equal(expires) {
					t.Errorf("copy %d is re-stamped with %s/%v, want %s/%v", m.Meta.Version, m.Meta.Expires, m.Meta.ExpiresNever, expires, never)
				}
			}
			for _, v := range p.Keep[1:] {
				if expires, never := tc.policy.Expiry(retired); never != v.ExpiresAt.IsZero() || (!never && !v.ExpiresAt.Equal(expires)) {
					t.Errorf("kept version %d expires at %s, want the policy's", v.Version, v.ExpiresAt)
				}
			}
		})
	}
	if !family.Copies[0].Meta.Expires.Equal(weekLater) || !family.Copies[1].Meta.ExpiresNever {
		t.Error("Apply must not change the family it judges")
	}
}

func TestRetentionRetire(t *testing.T) {
	t.Parallel()
	from, until := ts("2026-01-01T00:00:00Z"), ts("2026-02-01T00:00:00Z")
	current := Meta{Namespace: "ns", Name: "k", Kind: "random", Version: 4, From: from, Bytes: 32, EveryDays: 30, Triggers: "abc"}
	got := Retention{Mode: RetainFor, Days: 7}.Retire(current, until, "")
	want := Meta{Namespace: "ns", Name: "k", Kind: "random", Version: 4, From: from, Retired: true, Until: until, Expires: until.Add(7 * Day)}
	if got != want {
		t.Errorf("Retire = %+v, want %+v", got, want)
	}
	if got := (Retention{Mode: RetainForever}).Retire(current, until, ""); !got.ExpiresNever || !got.Expires.IsZero() {
		t.Errorf("retain_forever: %+v", got)
	}
}

func TestFamilyVersionNumbers(t *testing.T) {
	t.Parallel()
	from := ts("2026-01-01T00:00:00Z")
	copyOf := func(v int, from time.Time) Member {
		return Member{StoreSecret: StoreSecret{Name: CopyName("ns", "k", v)}, Marked: true,
			Meta: Meta{Namespace: "ns", Name: "k", Kind: "random", Version: v, From: from, Retired: true, Until: from.Add(Day), ExpiresNever: true}}
	}
	family := func(current int, currentFrom time.Time, copies ...Member) Family {
		f := Family{Namespace: "ns", Name: "k", Copies: copies}
		if current > 0 {
			f.Current = &Member{StoreSecret: StoreSecret{Name: "ns--k"}, Marked: true, Meta: Meta{Namespace: "ns", Name: "k", Kind: "random", Version: current, From: currentFrom}}
		}
		return f
	}
	later := from.Add(2 * Day)
	for _, tc := range []struct {
		name      string
		family    Family
		recorded  int
		next      int
		trusted   int // the current's version once the record is trusted
		overruled bool
		kept      bool
		twice     bool
	}{
		{"fresh", family(0, from), 0, 1, 0, false, false, false},
		{"the store is ahead of the record", family(3, later, copyOf(2, from)), 2, 4, 3, false, false, false},
		{"the current was deleted: its number is not reused", family(0, from, copyOf(2, from)), 3, 4, 0, false, false, false},
		{"a comment forged down to a copy's number", family(1, later, copyOf(1, from), copyOf(2, from)), 3, 4, 3, true, false, true},
		{"an interrupted rotation's copy holds the current value", family(3, later, copyOf(3, later), copyOf(2, from)), 3, 4, 3, false, true, false},
		{"a copy sharing the number but not the value", family(2, later, copyOf(2, from)), 0, 3, 2, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := tc.family
			if got := f.NextVersion(tc.recorded); got != tc.next {
				t.Errorf("NextVersion = %d, want %d", got, tc.next)
			}
			if got := f.VersionClaimedTwice(); got != tc.twice {
				t.Errorf("VersionClaimedTwice = %v, want %v", got, tc.twice)
			}
			if got := f.TrustRecorded(tc.recorded); got != tc.overruled {
				t.Errorf("TrustRecorded = %v, want %v", got, tc.overruled)
			}
			if f.Current != nil && f.Current.Meta.Version != tc.trusted {
				t.Errorf("trusted current version %d, want %d", f.Current.Meta.Version, tc.trusted)
			}
			if _, got := f.RotationLock("", later); (got != LockFree) != tc.kept {
				t.Errorf("RotationLock = %v, want a copy of the current value: %v", got, tc.kept)
			}
		})
	}
}

// The copy of the current version is the rotation lock: the rotation that
// made it reuses it, another rotation's stops a rotation for the lease, and
// one past the lease or unsigned is stale. A copy of another value under the
// number is no lock.
func TestRotationLock(t *testing.T) {
	t.Parallel()
	from := ts("2026-01-01T00:00:00Z")
	made := from.Add(2 * Day)
	family := func(copyFrom time.Time, by string) Family {
		return Family{Namespace: "ns", Name: "k",
			Current: &Member{StoreSecret: StoreSecret{Name: "ns--k"}, Marked: true, Meta: Meta{Namespace: "ns", Name: "k", Kind: "random", Version: 3, From: from}},
			Copies: []Member{{StoreSecret: StoreSecret{Name: CopyName("ns", "k", 3), Created: made}, Marked: true,
				Meta: Meta{Namespace: "ns", Name: "k", Kind: "random", Version: 3, From: copyFrom, Retired: true, Until: made, ExpiresNever: true, MadeBy: by}}},
		}
	}
	const mine, theirs = "00000000000000aa", "00000000000000bb"
	for _, tc := range []struct {
		name   string
		family Family
		now    time.Time
		want   Lock
	}{
		{"made by this rotation", family(from, mine), made.Add(time.Hour), LockOwn},
		{"made by another rotation just now", family(from, theirs), made.Add(time.Second), LockHeld},
		{"made by another rotation a moment before the lease ends", family(from, theirs), made.Add(RotationLease - time.Second), LockHeld},
		{"made by another rotation as long ago as the lease", family(from, theirs), made.Add(RotationLease), LockStale},
		{"made by a release that did not sign copies", family(from, ""), made, LockStale},
		{"a copy of another value under the number", family(from.Add(-Day), theirs), made, LockFree},
		{"no copy", Family{Namespace: "ns", Name: "k", Current: family(from, "").Current}, made, LockFree},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, got := tc.family.RotationLock(mine, tc.now); got != tc.want {
				t.Errorf("RotationLock = %v, want %v", got, tc.want)
			}
		})
	}
}

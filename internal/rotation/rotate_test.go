package rotation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	rotatedAt = time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	writeAt   = rotatedAt.Add(2 * versions.Day)
)

const otherToken = "00000000000000aa"

// valueOf is the value a test's store holds as version v; the new value
// is version 4's. None is ever printed.
func valueOf(v int) string { return fmt.Sprintf("test value of version %d", v) }

// storeUnder is a secret at version 3 under policy, whose version 2 is
// kept as a copy retired when version 3 was written. Under retain_for 1
// day that copy has expired by writeAt.
func storeUnder(policy versions.Retention) *fakeStore {
	s := newFakeStore(writeAt)
	meta := func(v int, from time.Time) versions.Meta {
		return versions.Meta{Namespace: "ns", Name: "k", Kind: versions.KindGenerated, Version: v, From: from}
	}
	current := meta(3, rotatedAt)
	current.RetainMode, current.RetainDays = policy.Mode, policy.Days
	s.put(versions.CopyName("ns", "k", 2), valueOf(2), policy.Retire(meta(2, rotatedAt.Add(-30*versions.Day)), rotatedAt, ""), rotatedAt)
	s.put(versions.CurrentName("ns", "k"), valueOf(3), current, rotatedAt)
	return s
}

// lockOf adds the copy of version 3 that another rotation made at made.
func lockOf(made time.Time) func(*fakeStore) {
	return func(s *fakeStore) {
		policy := versions.Retention{Mode: versions.RetainForever}
		meta := versions.Meta{Namespace: "ns", Name: "k", Kind: versions.KindGenerated, Version: 3, From: rotatedAt}
		s.put(versions.CopyName("ns", "k", 3), valueOf(3), policy.Retire(meta, made, otherToken), made)
	}
}

var (
	retainNone    = versions.Retention{Mode: versions.RetainNone}
	retainForever = versions.Retention{Mode: versions.RetainForever}
	retainOneDay  = versions.Retention{Mode: versions.RetainFor, Days: 1}
)

// WriteNext, and the Rotate it runs, fail or are interrupted at every step
// of the pipeline. Whatever happens, no value is lost, every copy holds
// its own version's value, a version reported written holds the new
// value, an interruption before the write leaves no lock behind, and no
// request is cut short by the interruption.
func TestWriteNextFailures(t *testing.T) {
	t.Parallel()
	failing := func(op string, nth int) *fault { return &fault{op: op, nth: nth, err: errInjected} }
	interrupting := func(op string, nth int) *fault { return &fault{op: op, nth: nth, interrupt: true} }
	conflict := fmt.Errorf("duplicating: %w", client.ErrConflict)
	for _, tc := range []struct {
		name   string
		policy versions.Retention
		setup  func(*fakeStore)
		faults []*fault
		// cancelled: the caller's context is cancelled before the call.
		cancelled bool

		err     error  // what the error wraps; nil for none
		says    string // a phrase the error must contain
		version int    // the version reported written, or 0
		copies  []int  // the copies left, newest first
		writes  int    // the store's writes, when >= 0
	}{
		{name: "written, version 3 kept forever", policy: retainForever, version: 4, copies: []int{3, 2}, writes: -1},
		{name: "written, the expired copy pruned", policy: retainOneDay, version: 4, copies: []int{3}, writes: -1},
		{name: "written under none, the lock and the old copy deleted", policy: retainNone, version: 4, copies: nil, writes: -1},

		{name: "the listing fails", policy: retainForever, faults: []*fault{failing("List", 1)}, err: errInjected, copies: []int{2}, writes: 0},
		{name: "the quota lookup fails", policy: retainForever, faults: []*fault{failing("QuotaLimit", 1)}, err: errInjected, copies: []int{2}, writes: 0},
		{name: "the account is full", policy: retainForever, setup: func(s *fakeStore) { s.limit = 2 }, says: "already uses 2 of its 2", copies: []int{2}, writes: 0},
		{name: "the duplicate fails", policy: retainForever, faults: []*fault{failing("Duplicate", 1)}, err: errInjected, copies: []int{2}, writes: 1},
		{name: "the duplicate's answer is lost and its retry refused", policy: retainForever,
			faults:  []*fault{{op: "Duplicate", nth: 1, commit: true, err: conflict}},
			version: 4, copies: []int{3, 2}, writes: -1},
		{name: "another writer makes the copy first", policy: retainForever,
			faults: []*fault{{op: "Duplicate", nth: 1, arrive: lockOf(writeAt.Add(-time.Second))}},
			says:   "another writer (an apply, a put or an action) made store secret", copies: []int{3, 2}, writes: 1},
		{name: "the read under the lock fails", policy: retainNone, faults: []*fault{failing("ReadFamily", 1)}, err: errInjected, copies: []int{3, 2}, writes: 1},
		{name: "the write fails", policy: retainForever, faults: []*fault{failing("Patch", 1)}, err: errInjected, copies: []int{3, 2}, writes: 2},
		{name: "the write fails under none", policy: retainNone, faults: []*fault{failing("Patch", 1)}, err: errInjected, copies: []int{3, 2}, writes: 2},
		{name: "deleting the lock under none fails", policy: retainNone, faults: []*fault{failing("Delete", 1)},
			err: ErrWrittenCopyLeft, version: 4, copies: []int{3, 2}, writes: 3},
		{name: "a stale lock is replaced", policy: retainForever, setup: lockOf(writeAt.Add(-versions.RotationLease - time.Second)),
			version: 4, copies: []int{3, 2}, writes: -1},
		{name: "deleting a stale lock fails", policy: retainForever, setup: lockOf(writeAt.Add(-versions.RotationLease - time.Second)),
			faults: []*fault{failing("Delete", 1)}, err: errInjected, copies: []int{3, 2}, writes: 1},
		{name: "a lock another writer holds", policy: retainForever, setup: lockOf(writeAt.Add(-time.Minute)),
			says: "another writer (an apply, a put or an action) is rotating it", copies: []int{3, 2}, writes: 0},
		{name: "the prune fails", policy: retainOneDay, faults: []*fault{failing("Delete", 1)},
			says: "version 4 is written, but pruning its expired copies failed", version: 4, copies: []int{3, 2}, writes: 3},

		{name: "interrupted before it starts", policy: retainForever, cancelled: true,
			err: ErrInterrupted, says: "nothing was written", copies: []int{2}, writes: 0},
		{name: "interrupted while listing", policy: retainForever, faults: []*fault{interrupting("List", 1)},
			err: ErrInterrupted, says: "nothing was written", copies: []int{2}, writes: 0},
		{name: "interrupted while checking the quota", policy: retainForever, faults: []*fault{interrupting("QuotaLimit", 1)},
			err: ErrInterrupted, says: "nothing was written", copies: []int{2}, writes: 0},
		{name: "interrupted while copying", policy: retainForever, faults: []*fault{interrupting("Duplicate", 1)},
			err: ErrInterrupted, says: "nothing was written, and the copy, which locked the secret, was deleted", copies: []int{2}, writes: 2},
		{name: "interrupted while copying, under none", policy: retainNone, faults: []*fault{interrupting("Duplicate", 1)},
			err: ErrInterrupted, says: "nothing was written, and the copy, which locked the secret, was deleted", copies: []int{2}, writes: 2},
		{name: "interrupted while reading under the lock", policy: retainNone, faults: []*fault{interrupting("ReadFamily", 1)},
			err: ErrInterrupted, says: "nothing was written, and the copy, which locked the secret, was deleted", copies: []int{2}, writes: 2},
		{name: "interrupted while copying, and the undo fails", policy: retainForever, faults: []*fault{interrupting("Duplicate", 1), failing("Delete", 1)},
			err: ErrInterrupted, says: "layeron secret unlock ns/k", copies: []int{3, 2}, writes: 2},
		{name: "interrupted while writing", policy: retainOneDay, faults: []*fault{interrupting("Patch", 1)},
			err: ErrInterrupted, says: "after writing version 4, so its expired copies were not pruned", version: 4, copies: []int{3, 2}, writes: 2},
		{name: "interrupted while writing, under none", policy: retainNone, faults: []*fault{interrupting("Patch", 1)},
			err: ErrInterrupted, says: "after writing version 4", version: 4, copies: []int{2}, writes: 3},
		{name: "interrupted while deleting the lock under none", policy: retainNone, faults: []*fault{interrupting("Delete", 1)},
			err: ErrInterrupted, says: "after writing version 4", version: 4, copies: []int{2}, writes: 3},
		{name: "interrupted while pruning, which it finishes", policy: retainOneDay, faults: []*fault{interrupting("Delete", 1)},
			version: 4, copies: []int{3}, writes: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := storeUnder(tc.policy)
			if tc.setup != nil {
				tc.setup(s)
			}
			family := versions.Collect("ns", "k", s.listing())
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s.cancel, s.faults = cancel, tc.faults
			if tc.cancelled {
				cancel()
			}
			w, err := WriteNext(ctx, s, family, valueOf(4), writeAt)

			switch {
			case tc.err == nil && tc.says == "" && err != nil:
				t.Fatalf("WriteNext failed: %v", err)
			case tc.err != nil && !errors.Is(err, tc.err):
				t.Fatalf("WriteNext = %v, want an error wrapping %q", err, tc.err)
			case tc.says != "" && (err == nil || !strings.Contains(err.Error(), tc.says)):
				t.Fatalf("WriteNext = %v, want an error saying %q", err, tc.says)
			}
			if w.Version != tc.version {
				t.Errorf("WriteNext reports version %d, want %d", w.Version, tc.version)
			}
			if len(s.cut) > 0 {
				t.Errorf("requests ran on the cancelled context, which may leave a step half-done: %v", s.cut)
			}
			if tc.writes >= 0 && s.writes() != tc.writes {
				t.Errorf("the store was written %d times, want %d", s.writes(), tc.writes)
			}
			checkStore(t, s, tc.version, tc.copies)
		})
	}
}

// checkStore checks what s holds after a write that reported version
// (0 for none): the current secret holds version 4's value and says so
// exactly when the write reported it, or else version 3's, and the copies
// are those of versions copies, each holding its own version's value.
func checkStore(t *testing.T, s *fakeStore, version int, copies []int) {
	t.Helper()
	current := s.byName(versions.CurrentName("ns", "k"))
	if current == nil {
		t.Fatal("the current secret is gone")
	}
	meta, err := versions.Decode(current.Comment)
	if err != nil {
		t.Fatalf("the current secret's comment cannot be read: %v", err)
	}
	holds := 3
	if version != 0 {
		holds = version
	}
	if !s.holds(current.Name, valueOf(holds)) || meta.Version != holds {
		t.Errorf("the current secret says version %d; it should say and hold version %d", meta.Version, holds)
	}
	want := []string{versions.CurrentName("ns", "k")}
	for _, v := range copies {
		want = append(want, versions.CopyName("ns", "k", v))
		if !s.holds(versions.CopyName("ns", "k", v), valueOf(v)) {
			t.Errorf("the copy of version %d does not hold version %d's value", v, v)
		}
	}
	slices.Sort(want)
	if got := s.names(); !slices.Equal(got, want) {
		t.Errorf("the store holds %v, want %v", got, want)
	}
}

// A rotation retried with the token of its failed attempt takes the copy
// that attempt made as its own: it copies nothing again and overwrites no
// copy.
func TestRotateRetryReusesItsCopy(t *testing.T) {
	t.Parallel()
	s := storeUnder(retainForever)
	lockOf(writeAt.Add(-time.Minute))(s)
	family := versions.Collect("ns", "k", s.listing())
	next := family.Current.Meta
	next.Version, next.From = 4, writeAt
	err := Rotate(context.Background(), s, Rotation{Family: family, Policy: retainForever, Next: next, Value: valueOf(4), Token: otherToken, Now: writeAt, Scopes: []string{"workers"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.calls["Duplicate"] != 0 || s.calls["Patch"] != 1 {
		t.Errorf("the retry duplicated %d times and wrote %d times, want 0 and 1", s.calls["Duplicate"], s.calls["Patch"])
	}
	checkStore(t, s, 4, []int{3, 2})
}

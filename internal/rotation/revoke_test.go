package rotation

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// revokable is a random secret at version 4 whose versions 1 to 3 are
// kept as copies.
func revokable() *fakeStore {
	s := newFakeStore(writeAt)
	for v := 1; v <= 3; v++ {
		from := rotatedAt.Add(versions.Day * time.Duration(v-4))
		meta := versions.Meta{Namespace: "ns", Name: "k", Kind: versions.KindRandom, Version: v, From: from}
		s.put(versions.CopyName("ns", "k", v), valueOf(v), retainForever.Retire(meta, from.Add(versions.Day), ""), from.Add(versions.Day))
	}
	current := versions.Meta{Namespace: "ns", Name: "k", Kind: versions.KindRandom, Version: 4, From: rotatedAt, RetainMode: versions.RetainForever}
	s.put(versions.CurrentName("ns", "k"), valueOf(4), current, rotatedAt)
	return s
}

// lockOfCurrent adds the copy of version 4 that a rotation in flight made.
func lockOfCurrent(s *fakeStore) {
	meta := versions.Meta{Namespace: "ns", Name: "k", Kind: versions.KindRandom, Version: 4, From: rotatedAt}
	s.put(versions.CopyName("ns", "k", 4), valueOf(4), retainForever.Retire(meta, writeAt, otherToken), writeAt)
}

// Revoke deletes what family.Revoke decides, one copy at a time, telling
// of each; it deletes nothing when asked for the current version, and an
// interruption or a failure stops it with the copies deleted so far named
// and the others kept.
func TestRevoke(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		requested []int
		setup     func(*fakeStore)
		faults    []*fault

		err     error  // what the error wraps; nil for none
		says    string // a phrase the error must contain
		deleted []int  // the versions deleted, in order
		notKept []int
		left    []string // the store secrets left
	}{
		{name: "every retained version", deleted: []int{3, 2, 1}, left: []string{"ns--k"}},
		{name: "the versions asked for", requested: []int{1, 9, 1}, deleted: []int{1}, notKept: []int{9}, left: []string{"ns--k", "ns--k--v2", "ns--k--v3"}},
		{name: "the current version", requested: []int{2, 4}, err: &RevokeRefused{}, says: "version 4 is the current version",
			left: []string{"ns--k", "ns--k--v1", "ns--k--v2", "ns--k--v3"}},
		{name: "never the lock of a rotation in flight", setup: lockOfCurrent, deleted: []int{3, 2, 1}, left: []string{"ns--k", "ns--k--v4"}},
		{name: "interrupted while deleting", faults: []*fault{{op: "Delete", nth: 1, interrupt: true}}, err: ErrInterrupted,
			says:    `before deleting version 2 (store secret "ns--k--v2"), version 1 (store secret "ns--k--v1"), which the store still keeps`,
			deleted: []int{3}, left: []string{"ns--k", "ns--k--v1", "ns--k--v2"}},
		{name: "a deletion failed", faults: []*fault{{op: "Delete", nth: 2, err: errInjected}}, err: errInjected,
			says:    `deleting version 2 (store secret "ns--k--v2") failed`,
			deleted: []int{3}, left: []string{"ns--k", "ns--k--v1", "ns--k--v2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := revokable()
			if tc.setup != nil {
				tc.setup(s)
			}
			s.faults = tc.faults
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			s.cancel = cancel
			family := versions.Collect("ns", "k", s.listing())
			var told []int
			done, err := Revoke(ctx, s, family, tc.requested, func(c versions.Member) { told = append(told, c.Meta.Version) })
			var refused *RevokeRefused
			switch {
			case tc.err == nil && err != nil:
				t.Fatalf("Revoke failed: %v", err)
			case tc.err != nil && errors.As(tc.err, &refused) && !errors.As(err, &refused):
				t.Fatalf("Revoke returned %v; want a *RevokeRefused", err)
			case tc.err != nil && !errors.As(tc.err, &refused) && !errors.Is(err, tc.err):
				t.Fatalf("Revoke returned %v; want it to wrap %v", err, tc.err)
			case tc.says != "" && !strings.Contains(err.Error(), tc.says):
				t.Fatalf("Revoke returned %q; want it to say %q", err, tc.says)
			}
			var deleted []int
			for _, c := range done.Deleted {
				deleted = append(deleted, c.Meta.Version)
			}
			if !slices.Equal(deleted, tc.deleted) || !slices.Equal(told, tc.deleted) || !slices.Equal(done.NotKept, tc.notKept) {
				t.Fatalf("Revoke deleted %v, told of %v and found %v not kept; want %v deleted and %v not kept", deleted, told, done.NotKept, tc.deleted, tc.notKept)
			}
			if !slices.Equal(s.names(), tc.left) {
				t.Fatalf("the store holds %v; want %v", s.names(), tc.left)
			}
			if s.calls["Delete"] > len(tc.deleted)+1 || len(s.cut) != 0 {
				t.Fatalf("Revoke sent %d deletions, %v of them cut short", s.calls["Delete"], s.cut)
			}
		})
	}
}

// RandomBytes gives the declared length, or the default, of a random
// secret, and refuses the kinds whose values come from elsewhere, saying
// what writes them.
func TestRandomBytes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind      string
		bytes     int
		want      int
		notRandom bool
		says      string
	}{
		{kind: versions.KindRandom, want: versions.DefaultRandomBytes},
		{kind: versions.KindRandom, bytes: 48, want: 48},
		{kind: versions.KindRandom, bytes: 8, says: "declares 8 random bytes, outside 16 to 4096"},
		{kind: versions.KindStatic, notRandom: true, says: "value_wo_version"},
		{kind: versions.KindGenerated, bytes: 48, notRandom: true, says: "layeron secret put ns/k"},
	} {
		family := versions.Family{Namespace: "ns", Name: "k", Current: &versions.Member{
			StoreSecret: versions.StoreSecret{Name: "ns--k"}, Marked: true,
			Meta: versions.Meta{Namespace: "ns", Name: "k", Kind: tc.kind, Version: 1, Bytes: tc.bytes},
		}}
		got, err := RandomBytes("0123456789abcdef0123456789abcdef", family)
		if got != tc.want || errors.Is(err, ErrNotRandom) != tc.notRandom || (tc.says == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.says)) {
			t.Errorf("RandomBytes of a %s secret declaring %d bytes = %d, %v; want %d, saying %q", tc.kind, tc.bytes, got, err, tc.want, tc.says)
		}
	}
}

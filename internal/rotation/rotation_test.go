package rotation

import (
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// A secret read again is unwritten only when it is the same store secret
// with the same modified time and comment, whether its comment can be read
// or not.
func TestUnwritten(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	before := &versions.Member{StoreSecret: versions.StoreSecret{ID: "a", Name: "ns--k", Comment: "layeron:1 garbage", Modified: at}}
	current := func(s versions.StoreSecret) versions.Family {
		return versions.Family{Current: &versions.Member{StoreSecret: s}}
	}
	for _, tc := range []struct {
		name  string
		again versions.Family
		want  bool
	}{
		{"as it was, its comment unreadable", versions.Family{Damaged: []versions.StoreSecret{before.StoreSecret}}, true},
		{"as it was", current(before.StoreSecret), true},
		{"written since", current(versions.StoreSecret{ID: "a", Name: "ns--k", Comment: before.Comment, Modified: at.Add(time.Second)}), false},
		{"its comment changed", current(versions.StoreSecret{ID: "a", Name: "ns--k", Comment: "layeron:1 v=2", Modified: at}), false},
		{"deleted and made again", current(versions.StoreSecret{ID: "b", Name: "ns--k", Comment: before.Comment, Modified: at}), false},
		{"deleted", versions.Family{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := unwritten(tc.again, before); got != tc.want {
				t.Errorf("unwritten = %v, want %v", got, tc.want)
			}
		})
	}
}

// A secret is written from outside Terraform only while no retained copy
// claims its current number, or a higher one, with another value: the
// lock copy of a rotation in flight holds the current value and does not
// count.
func TestNumbered(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	member := func(v int, from time.Time) versions.Member {
		return versions.Member{Meta: versions.Meta{Version: v, From: from, Retired: true}, Marked: true}
	}
	family := func(current int, copies ...versions.Member) versions.Family {
		return versions.Family{Namespace: "ns", Name: "k", Current: &versions.Member{StoreSecret: versions.StoreSecret{Name: "ns--k"}, Meta: versions.Meta{Version: current, From: from}, Marked: true}, Copies: copies}
	}
	for _, tc := range []struct {
		name   string
		family versions.Family
		ok     bool
	}{
		{"older copies only", family(3, member(2, from.Add(-time.Hour)), member(1, from.Add(-2*time.Hour))), true},
		{"the lock copy of the current value", family(3, member(3, from)), true},
		{"a copy claiming the current number with another value", family(3, member(3, from.Add(-time.Hour))), false},
		{"a copy above the current number, as after an edit down", family(2, member(5, from.Add(-time.Hour))), false},
	} {
		if err := Numbered(tc.family); (err == nil) != tc.ok {
			t.Errorf("%s: Numbered = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

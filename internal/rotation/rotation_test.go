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

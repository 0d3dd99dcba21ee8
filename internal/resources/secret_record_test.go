package resources

import (
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// A secret is held by the configuration whose token its current secret
// carries. Another token means another configuration took it over, unless
// this state is the one taking it over by import; a secret from a release
// without holders is held by whoever stamps it first.
func TestRecordHolder(t *testing.T) {
	t.Parallel()
	const mine, theirs = "00000000000000aa", "00000000000000bb"
	current := func(holder string) *versions.Member {
		return &versions.Member{Marked: true, Meta: versions.Meta{Namespace: "ns", Name: "k", Kind: "random", Version: 2, Holder: holder}}
	}
	for _, tc := range []struct {
		name       string
		rec        record
		current    *versions.Member
		elsewhere  bool
		takingOver bool
	}{
		{"held by this state", record{Holder: mine}, current(mine), false, false},
		{"taken over by another configuration", record{Holder: mine}, current(theirs), true, false},
		{"a state from before holders, the secret taken over", record{}, current(theirs), true, false},
		{"a secret from before holders", record{Holder: mine}, current(""), false, false},
		{"imported from another configuration", record{Holder: mine, TakeOverFrom: theirs}, current(theirs), false, true},
		{"imported, then taken over by a third", record{Holder: mine, TakeOverFrom: theirs}, current("00000000000000cc"), true, false},
		{"imported and stamped", record{Holder: mine, TakeOverFrom: theirs}, current(mine), false, false},
		{"written by someone else, not Layeron", record{Holder: mine}, &versions.Member{}, false, false},
		{"deleted", record{Holder: mine}, nil, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.rec.heldElsewhere(tc.current); got != tc.elsewhere {
				t.Errorf("heldElsewhere = %v, want %v", got, tc.elsewhere)
			}
			if got := tc.rec.takingOver(tc.current); got != tc.takingOver {
				t.Errorf("takingOver = %v, want %v", got, tc.takingOver)
			}
		})
	}
}

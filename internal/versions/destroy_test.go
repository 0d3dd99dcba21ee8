package versions

import (
	"testing"
)

// A destroy deletes every copy and the marked current secret, and a plan
// names each with what its retention would still have been.
func TestDestroyed(t *testing.T) {
	t.Parallel()
	made := ts("2026-01-02T00:00:00Z")
	f := lockFamily("aa", made)
	expiring := f.Copies[1]
	expiring.ID, expiring.Name, expiring.Meta.Version = "v1", CopyName("ns", "k", 1), 1
	expiring.Meta.ExpiresNever, expiring.Meta.Expires = false, made.Add(Day)
	f.Copies = append(f.Copies, expiring)
	want := `"ns--k--v3" (the copy a rotation in flight made), "ns--k--v2" (version 2, retained forever), "ns--k--v1" (version 1, retained until 2026-01-03T00:00:00Z), "ns--k" (the current version 3)`
	if got := f.DescribeDestroyed(made); got != want {
		t.Errorf("DescribeDestroyed =\n%s\nwant\n%s", got, want)
	}
	if got := f.DescribeDestroyed(made.Add(Day)); got == want {
		t.Error("a copy past its expiry is still described as retained")
	}
	unmarked := Family{Namespace: "ns", Name: "k", Current: &Member{StoreSecret: StoreSecret{Name: "ns--k"}}}
	if got := unmarked.Destroyed(); len(got) != 0 {
		t.Errorf("a current secret without Layeron metadata is destroyed: %v", got)
	}
}

package versions

import "fmt"

// Revocation is what revoking versions of a secret deletes.
type Revocation struct {
	// Delete are the retained copies to delete, newest first.
	Delete []Member
	// NotKept are requested versions that no copy keeps: already pruned or
	// revoked, or never retained.
	NotKept []int
}

// Revoke decides what revoking the requested versions of f deletes: the
// retained copies of those versions, or of every retained version when
// none is requested. The current version is never revoked, nor the copy of
// its number that a rotation in flight makes as its lock.
func (f Family) Revoke(requested []int) (Revocation, error) {
	current := 0
	if f.Current != nil {
		current = f.Current.Meta.Version
	}
	var r Revocation
	if len(requested) == 0 {
		for _, c := range f.Copies {
			if c.Meta.Version != current {
				r.Delete = append(r.Delete, c)
			}
		}
		return r, nil
	}
	seen := map[int]bool{}
	for _, v := range requested {
		if v == current && current > 0 {
			return Revocation{}, fmt.Errorf("version %d is the current version, which revoke never deletes: rotate the secret first, then revoke version %d", v, v)
		}
		seen[v] = true
	}
	for _, c := range f.Copies {
		if seen[c.Meta.Version] {
			r.Delete = append(r.Delete, c)
			delete(seen, c.Meta.Version)
		}
	}
	for _, v := range requested {
		if seen[v] {
			r.NotKept = append(r.NotKept, v)
			delete(seen, v)
		}
	}
	return r, nil
}

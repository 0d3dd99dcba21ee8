package versions

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
	"time"
)

// StoreSecret is what the store tells about one of its secrets.
type StoreSecret struct {
	ID       string
	Name     string
	Comment  string
	Scopes   []string
	Created  time.Time
	Modified time.Time
}

// Member is a store secret that belongs to a Layeron secret.
type Member struct {
	StoreSecret
	Meta Meta
	// Marked is false for a current secret written by someone else, which
	// only the generated kind may adopt.
	Marked bool
}

// Family gathers the store secrets of one Layeron secret: the current one and
// its retained copies, plus copies whose comment could not be read.
type Family struct {
	Namespace string
	Name      string
	Current   *Member
	Copies    []Member // newest first
	Damaged   []StoreSecret
}

// Collect picks the family of namespace/name out of a store listing.
func Collect(namespace, name string, secrets []StoreSecret) Family {
	f := Family{Namespace: namespace, Name: name}
	current := CurrentName(namespace, name)
	for _, s := range secrets {
		// Most of a listing belongs to other secrets: a prefix test skips
		// them before the name is parsed.
		if !strings.HasPrefix(s.Name, current) {
			continue
		}
		ns, n, v, ok := ParseStoreName(s.Name)
		if !ok || ns != namespace || n != name {
			continue
		}
		meta, err := Decode(s.Comment)
		if errors.Is(err, ErrNoMarker) {
			if v == 0 {
				f.Current = &Member{StoreSecret: s}
			}
			continue
		}
		if err != nil || meta.Namespace != namespace || meta.Name != name || (v != 0 && (meta.Version != v || !meta.Retired)) {
			f.Damaged = append(f.Damaged, s)
			continue
		}
		m := Member{StoreSecret: s, Meta: meta, Marked: true}
		if v == 0 {
			f.Current = &m
		} else {
			f.Copies = append(f.Copies, m)
		}
	}
	sort.Slice(f.Copies, func(i, j int) bool { return f.Copies[i].Meta.Version > f.Copies[j].Meta.Version })
	return f
}

// Copy returns the retained copy of version v, if any.
func (f Family) Copy(v int) (Member, bool) {
	for _, c := range f.Copies {
		if c.Meta.Version == v {
			return c, true
		}
	}
	return Member{}, false
}

// HighestVersion is the largest version number the family has used, so that
// a recreated secret never reuses a number a retained copy still holds.
func (f Family) HighestVersion() int {
	highest := 0
	if f.Current != nil && f.Current.Marked {
		highest = f.Current.Meta.Version
	}
	for _, c := range f.Copies {
		highest = max(highest, c.Meta.Version)
	}
	return highest
}

// Version is one version of a secret as users see it.
type Version struct {
	Version    int
	SecretName string
	ActiveFrom time.Time
	RetiredAt  time.Time // zero for the current version
	ExpiresAt  time.Time // zero when current or retained forever
	Current    bool
}

// Versions lists the family's versions, newest first. The copy of the
// current value that a rotation in flight makes is its lock, not a version
// of its own: it is not listed.
func (f Family) Versions() []Version {
	var out []Version
	if f.Current != nil && f.Current.Marked {
		out = append(out, Version{
			Version:    f.Current.Meta.Version,
			SecretName: f.Current.Name,
			ActiveFrom: f.Current.Meta.From,
			Current:    true,
		})
	}
	for _, c := range f.Copies {
		if !f.isLock(c) {
			out = append(out, copyVersion(c))
		}
	}
	return out
}

// isLock reports whether c is the copy of the current value.
func (f Family) isLock(c Member) bool {
	lock, ok := f.currentCopy()
	return ok && lock.ID == c.ID && lock.Name == c.Name
}

func copyVersion(c Member) Version {
	v := Version{Version: c.Meta.Version, SecretName: c.Name, ActiveFrom: c.Meta.From, RetiredAt: c.Meta.Until}
	if !c.Meta.ExpiresNever {
		v.ExpiresAt = c.Meta.Expires
	}
	return v
}

// NextVersion is the number of the next version: above every number the
// store shows and the highest the provider recorded, so that no version id
// is ever used twice, even after the store lost the secret that held it.
func (f Family) NextVersion(recorded int) int {
	return max(f.HighestVersion(), recorded) + 1
}

// TrustRecorded gives the current secret back the version the provider
// recorded when its comment claims a lower one. Versions only grow, and a
// copy's number is fixed by its name, but the current's number is a comment
// anyone can edit. It reports whether the comment was overruled.
func (f *Family) TrustRecorded(recorded int) bool {
	if f.Current == nil || !f.Current.Marked || f.Current.Meta.Version >= recorded {
		return false
	}
	f.Current.Meta.Version = recorded
	return true
}

// RotationLease is how long the copy a rotation makes of the current
// version stands for that rotation. The API has no conditional write, so
// the copy is the lock: its unique name lets one rotation of a version
// through. Within the lease no other rotation takes the copy for its own;
// past it, the rotation that made it is taken to have died.
const RotationLease = 15 * time.Minute

// Lock is what the copy of the current version means to a rotation.
type Lock int

const (
	// LockFree: there is no copy of the current value; the rotation makes
	// one, which the store lets only one rotation do.
	LockFree Lock = iota
	// LockOwn: the rotation made the copy, in an apply that failed after;
	// it is reused.
	LockOwn
	// LockHeld: another rotation made the copy less than the lease ago;
	// the rotation stops.
	LockHeld
	// LockStale: the copy was made longer than the lease ago by a rotation
	// that died, or by a release that did not sign its copies. It holds the
	// current value, so the rotation deletes it and makes its own.
	LockStale
)

// RotationLock returns the copy of the current value, if any, and what it
// means to rotation by at now. A copy that only shares the current's number
// does not hold its value, and counts as none.
func (f Family) RotationLock(by string, now time.Time) (Member, Lock) {
	c, ok := f.currentCopy()
	switch {
	case !ok:
		return Member{}, LockFree
	case c.Meta.MadeBy != "" && c.Meta.MadeBy == by:
		return c, LockOwn
	case c.Meta.MadeBy != "" && now.Before(c.Created.Add(RotationLease)):
		return c, LockHeld
	}
	return c, LockStale
}

// currentCopy is the copy of the current version that holds its value.
func (f Family) currentCopy() (Member, bool) {
	if f.Current == nil || !f.Current.Marked {
		return Member{}, false
	}
	c, ok := f.Copy(f.Current.Meta.Version)
	return c, ok && c.Meta.From.Equal(f.Current.Meta.From)
}

// VersionClaimedTwice reports whether the current secret claims the number
// of a retained copy that does not hold its value.
func (f Family) VersionClaimedTwice() bool {
	if f.Current == nil || !f.Current.Marked {
		return false
	}
	_, claimed := f.Copy(f.Current.Meta.Version)
	_, holds := f.currentCopy()
	return claimed && !holds
}

// MetadataDigest identifies what a store secret's comment and scopes were,
// so that a later look can tell a write of its value alone from an edit of
// its metadata. It says nothing of the value.
func MetadataDigest(s StoreSecret) string {
	sum := sha256.Sum256([]byte(s.Comment + "\n" + strings.Join(s.Scopes, ",")))
	return hex.EncodeToString(sum[:16])
}

// Secrets picks out of a store listing the Layeron secrets, in namespace
// when it is not empty: each one whose current store secret carries Layeron
// metadata, as Collect reads it, sorted by namespace and name. Store
// secrets of other tools, and copies without their current secret, are not
// among them.
func Secrets(listing []StoreSecret, namespace string) []Family {
	type key struct{ namespace, name string }
	groups := map[key][]StoreSecret{}
	for _, s := range listing {
		ns, name, _, ok := ParseStoreName(s.Name)
		if ok && (namespace == "" || ns == namespace) {
			k := key{ns, name}
			groups[k] = append(groups[k], s)
		}
	}
	var out []Family
	for k, secrets := range groups {
		if f := Collect(k.namespace, k.name, secrets); f.Current != nil && f.Current.Marked {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out
}

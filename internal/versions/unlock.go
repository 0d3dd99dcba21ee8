package versions

import (
	"errors"
	"fmt"
	"time"
)

// ErrNoLock is an unlock asked of a secret that no rotation locks.
var ErrNoLock = errors.New("no rotation holds a lock on it")

// ErrWrittenSinceLock is an unlock refused because the current secret was
// written after its lock copy was made.
var ErrWrittenSinceLock = errors.New("the current secret was written after its lock copy was made")

// Unlock returns the lock copy of the family's current version, which a
// rotation that was interrupted between its copy and its write leaves
// behind, when deleting it provably loses nothing: the copy holds the
// current version (its number and start), a rotation made it (it is
// signed), and the current secret was last written no later than the copy
// was made, so that both hold the same value. A current secret written
// after the copy may hold another value, and the copy the only one left of
// the version it claims; it is refused with ErrWrittenSinceLock. Store
// times are compared as the store stamps them, to the microsecond: a
// copy made in the same instant as the last write follows it, since a
// duplicate of a value can only be made once the value is there.
func (f Family) Unlock() (Member, error) {
	current := CurrentName(f.Namespace, f.Name)
	if f.Current == nil || !f.Current.Marked {
		return Member{}, fmt.Errorf("%w: store secret %q does not exist or carries no Layeron metadata", ErrNoLock, current)
	}
	v := f.Current.Meta.Version
	c, ok := f.Copy(v)
	switch {
	case !ok:
		return Member{}, fmt.Errorf("%w: no store secret %q, the copy of its current version %d that a rotation makes first, exists", ErrNoLock, CopyName(f.Namespace, f.Name, v), v)
	case !c.Meta.From.Equal(f.Current.Meta.From):
		return Member{}, fmt.Errorf("%w: store secret %q claims version %d from %s, but the current version %d started at %s, so it is another version, not a copy of the current one",
			ErrNoLock, c.Name, v, storeTime(c.Meta.From), v, storeTime(f.Current.Meta.From))
	case c.Meta.MadeBy == "":
		return Member{}, fmt.Errorf("%w: store secret %q, the copy of version %d, is not signed by a rotation, so it locks nothing; the next rotation replaces it", ErrNoLock, c.Name, v)
	case f.Current.Modified.After(c.Created):
		return Member{}, fmt.Errorf("%w: store secret %q was written at %s, after store secret %q, the copy of version %d, was made at %s, so the copy may hold a value no other store secret holds",
			ErrWrittenSinceLock, current, storeTime(f.Current.Modified), c.Name, v, storeTime(c.Created))
	}
	return c, nil
}

// storeTime shows a store time to the microsecond, as the store keeps it.
func storeTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.999999Z07:00")
}

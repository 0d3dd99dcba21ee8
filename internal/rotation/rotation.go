// Package rotation writes new versions of a secret into the store, for the
// provider and the CLI alike: the copy of the current value the retention
// policy keeps, which is also the rotation's lock, then the new value. What
// a version is, and what a policy keeps, is the version model's to decide.
package rotation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Store is what a rotation needs of the Secrets Store.
type Store interface {
	AccountID() string
	List(ctx context.Context) ([]versions.StoreSecret, error)
	ReadFamily(ctx context.Context, namespace, name string) (versions.Family, error)
	QuotaLimit(ctx context.Context) (int, error)
	Duplicate(ctx context.Context, id, name, newName, comment string, scopes []string) (versions.StoreSecret, error)
	Patch(ctx context.Context, id, name string, p client.Patch) (versions.StoreSecret, error)
	Delete(ctx context.Context, secrets []versions.StoreSecret) error
}

// Rotation is one new version of a secret whose current secret exists.
type Rotation struct {
	// Family is the secret as read before the rotation.
	Family versions.Family
	Policy versions.Retention
	// Next is the new version's metadata, its number and start included.
	Next  versions.Meta
	Value string
	// Token signs the copy this rotation makes. A caller whose rotation
	// failed passes the same token again, so that the retry takes that copy
	// as its own.
	Token  string
	Now    time.Time
	Scopes []string
}

// Rotate makes the new version: it copies the current value server-side,
// then overwrites the current secret. The API has no conditional write, so
// the copy is also the lock that lets one rotation of a version through: its
// name is unique, and a copy another rotation made less than
// versions.RotationLease ago stops this one. Under retention none the copy
// is deleted once the new version is written, and the current secret is
// read again first, since another writer may have rotated it and deleted
// its own copy before this one made its copy. A copy the same token made is
// reused, never overwritten, so retrying after a failure loses nothing.
//
// A cancelled ctx stops the rotation between two steps, never inside one:
// each request runs on a context the cancellation does not reach. Stopped
// after its copy and before its write, the rotation deletes the copy, which
// holds the value the current secret still holds, and returns an error
// that wraps ErrInterrupted. Stopped once the new value is written, it
// finishes: under retention none it deletes its lock copy, and returns no
// error.
func Rotate(ctx context.Context, store Store, r Rotation) error {
	req := context.WithoutCancel(ctx)
	current := r.Family.Current
	id := r.Family.ID()
	lock, state := r.Family.RotationLock(r.Token, r.Now)
	if state == versions.LockHeld {
		return errors.New(InFlight(store.AccountID(), lock))
	}
	if ctx.Err() != nil {
		return interruptedBefore(r.Family)
	}
	if state == versions.LockStale {
		// Deleting it loses nothing, since the current secret holds its
		// value, and the duplicate below is again the lock.
		if err := store.Delete(req, []versions.StoreSecret{lock.StoreSecret}); err != nil {
			return err
		}
	}
	if state != versions.LockOwn {
		listing, err := store.List(req)
		if err != nil {
			return err
		}
		if name, taken := CopySlot(listing, r.Family); taken {
			return errors.New(CopySlotTaken(store.AccountID(), id, name))
		}
		if err := CheckQuota(req, store, 1, listing); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return interruptedBefore(r.Family)
		}
		name := versions.CopyName(r.Family.Namespace, r.Family.Name, current.Meta.Version)
		comment := versions.Encode(r.Policy.Retire(current.Meta, r.Now, r.Token))
		made, err := store.Duplicate(req, current.ID, current.Name, name, comment, r.Scopes)
		if errors.Is(err, client.ErrConflict) {
			made, err = ownCopy(req, store, r.Family, r.Token)
		}
		if err != nil {
			return err
		}
		lock.StoreSecret = made
	}
	if ctx.Err() != nil {
		return undo(req, store, r.Family, lock.StoreSecret)
	}
	if !r.Policy.Keeps() {
		// A caller's listing may be as old as its apply.
		again, err := store.ReadFamily(req, r.Family.Namespace, r.Family.Name)
		if err != nil {
			return err
		}
		if !unwritten(again, current) {
			// The copy holds what the other writer wrote, which its current
			// secret holds too.
			if err := store.Delete(req, []versions.StoreSecret{lock.StoreSecret}); err != nil {
				return err
			}
			return errors.New("another writer (an apply, a put or an action) changed the secret while this one was rotating it, so no value was written. " +
				"See the secret as it is now (terraform plan, or layeron secret versions " + id + ") before writing it again")
		}
		if ctx.Err() != nil {
			return undo(req, store, r.Family, lock.StoreSecret)
		}
	}
	comment := versions.Encode(r.Next)
	if _, err := store.Patch(req, current.ID, current.Name, client.Patch{Value: &r.Value, Comment: &comment, Scopes: r.Scopes}); err != nil {
		return err
	}
	if !r.Policy.Keeps() {
		if err := store.Delete(req, []versions.StoreSecret{lock.StoreSecret}); err != nil {
			return fmt.Errorf("%w, but deleting store secret %q, the copy that locked the rotation, failed: %w. "+
				"The next rotation of the secret (an apply, a put or an action) deletes it", ErrWrittenCopyLeft, lock.Name, err)
		}
	}
	return nil
}

// ErrWrittenCopyLeft is a rotation whose new value is written but whose
// lock copy is left behind, under retention none.
var ErrWrittenCopyLeft = errors.New("the new version is written")

// ownCopy finds the copy of the current version that token made, when its
// duplicate was refused because the name is taken: by a retry of that
// duplicate whose first answer was lost, or by another rotation.
func ownCopy(ctx context.Context, store Store, family versions.Family, token string) (versions.StoreSecret, error) {
	v := family.Current.Meta.Version
	again, err := store.ReadFamily(ctx, family.Namespace, family.Name)
	if err != nil {
		return versions.StoreSecret{}, err
	}
	if c, ok := again.Copy(v); ok && c.Meta.MadeBy == token {
		return c.StoreSecret, nil
	}
	return versions.StoreSecret{}, fmt.Errorf("another writer (an apply, a put or an action) made store secret %q, the copy of version %d, first, so this one wrote nothing. "+
		"See the secret as it is now (terraform plan, or layeron secret versions %s/%s) before writing it again",
		versions.CopyName(family.Namespace, family.Name, v), v, family.Namespace, family.Name)
}

// unwritten reports whether the store secret before, read again in family
// again, is unwritten since: whether or not its comment can be read, since a
// caller may hold a current secret whose damaged comment it overruled.
func unwritten(again versions.Family, before *versions.Member) bool {
	secrets := again.Damaged
	if again.Current != nil {
		secrets = append(secrets, again.Current.StoreSecret)
	}
	for _, s := range secrets {
		if s.ID == before.ID {
			return s.Modified.Equal(before.Modified) && s.Comment == before.Comment
		}
	}
	return false
}

// InFlight says what stops a rotation while another one holds the copy c
// of the current version. Whoever reads it may be running an apply, a put
// or an action, so it names them all.
func InFlight(account string, c versions.Member) string {
	namespace, name := c.Meta.Namespace, c.Meta.Name
	return fmt.Sprintf("another writer (an apply, a put or an action) is rotating it in account %s: it made store secret %q, the copy of version %d, at %s, and has not written the new version yet. "+
		"Wait for it to finish, then run the apply, put or action again. If none is running, the one that made the copy was interrupted: "+
		"run layeron secret unlock %s/%s to delete the copy, or wait until %s, when the next writer replaces it",
		account, c.Name, c.Meta.Version, c.Created.UTC().Format(time.RFC3339), namespace, name, c.Created.Add(versions.RotationLease).UTC().Format(time.RFC3339))
}

// CopySlot returns the name the copy of the family's current version
// takes, and whether a store secret of the listing already holds it. A
// rotation asks only when no copy provably holds the current value, so any
// holder is one it must never overwrite: a secret made by hand, or a copy
// whose number the current's comment claims twice.
func CopySlot(listing []versions.StoreSecret, family versions.Family) (string, bool) {
	name := versions.CopyName(family.Namespace, family.Name, family.Current.Meta.Version)
	for _, s := range listing {
		if s.Name == name {
			return name, true
		}
	}
	return name, false
}

// CopySlotTaken says what blocks a rotation of secret id whose copy name
// is taken.
func CopySlotTaken(account, id, name string) string {
	return fmt.Sprintf("Rotating secret %s keeps its current value as store secret %q, but a store secret of that name already exists in account %s "+
		"and does not hold the current value: it was not made by Layeron, or the current secret's comment claims its version twice. It is never overwritten. "+
		"Rename or delete that store secret, and run the apply, put or action again.", id, name, account)
}

// Prune carries out what a retention policy makes of a family's retained
// copies: new expiry stamps, then the deletion of the expired ones.
func Prune(ctx context.Context, store Store, copies versions.CopyPlan, scopes []string) error {
	for _, c := range copies.Restamp {
		comment := versions.Encode(c.Meta)
		if _, err := store.Patch(ctx, c.ID, c.Name, client.Patch{Comment: &comment, Scopes: scopes}); err != nil {
			return err
		}
	}
	var expired []versions.StoreSecret
	for _, c := range copies.Prune {
		expired = append(expired, c.StoreSecret)
	}
	return store.Delete(ctx, expired)
}

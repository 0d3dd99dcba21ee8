package rotation

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Revoked is what Revoke did.
type Revoked struct {
	// Deleted are the retained copies deleted, newest first.
	Deleted []versions.Member
	// NotKept are requested versions that no copy keeps, so that nothing
	// of them was left to delete.
	NotKept []int
}

// RevokeRefused is a revoke refused before anything was deleted, because
// it asked for the current version.
type RevokeRefused struct{ err error }

func (e *RevokeRefused) Error() string { return e.err.Error() }
func (e *RevokeRefused) Unwrap() error { return e.err }

// Revoke deletes now the retained copies of the requested versions of
// family, or of every retained version when none is requested, for the
// revoke action and the CLI alike. What goes is family.Revoke's to decide:
// never the current version, nor the copy of its number that a rotation in
// flight makes as its lock. Asked for the current version, it deletes
// nothing and returns a *RevokeRefused.
//
// Each copy is deleted in a request of its own, and deleted, when not nil,
// is told of it at once, so that a failure or an interruption leaves no
// doubt about which copies are gone; the Revoked returned with an error
// says so too. A cancelled ctx stops it between two deletions, never
// inside one, with an error that wraps ErrInterrupted.
func Revoke(ctx context.Context, store Store, family versions.Family, requested []int, deleted func(versions.Member)) (Revoked, error) {
	decided, err := family.Revoke(requested)
	if err != nil {
		return Revoked{}, &RevokeRefused{err}
	}
	done := Revoked{NotKept: decided.NotKept}
	req := context.WithoutCancel(ctx)
	for i, c := range decided.Delete {
		if ctx.Err() != nil {
			return done, fmt.Errorf("%w before deleting %s, which the store still keeps: run the revoke again to finish",
				ErrInterrupted, DescribeCopies(decided.Delete[i:]))
		}
		if err := store.Delete(req, []versions.StoreSecret{c.StoreSecret}); err != nil {
			return done, fmt.Errorf("deleting version %d (store secret %q) failed: %w. The store may still keep %s: run the revoke again to finish",
				c.Meta.Version, c.Name, err, DescribeCopies(decided.Delete[i:]))
		}
		done.Deleted = append(done.Deleted, c)
		if deleted != nil {
			deleted(c)
		}
	}
	return done, nil
}

// RevokedCopy says that copy c of secret id was deleted.
func RevokedCopy(account, id string, c versions.Member) string {
	return fmt.Sprintf("Deleted version %d of secret %s (store secret %q) from account %s.", c.Meta.Version, id, c.Name, account)
}

// NotKept says that secret id keeps no copy of the requested versions.
func NotKept(account, id string, notKept []int) string {
	return fmt.Sprintf("Secret %s keeps no copy of version %s in account %s, so there is nothing of it to delete: it was pruned, revoked or never retained.",
		id, JoinVersions(notKept), account)
}

// NothingToRevoke says that secret id has no retained copy to delete.
func NothingToRevoke(account, id string) string {
	return fmt.Sprintf("Secret %s has no retained copy to delete in account %s.", id, account)
}

// JoinVersions lists version numbers as a sentence shows them.
func JoinVersions(vs []int) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ", ")
}

// DescribeCopies names retained copies by version and store secret.
func DescribeCopies(copies []versions.Member) string {
	parts := make([]string, len(copies))
	for i, c := range copies {
		parts[i] = fmt.Sprintf("version %d (store secret %q)", c.Meta.Version, c.Name)
	}
	return strings.Join(parts, ", ")
}

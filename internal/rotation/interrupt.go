package rotation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// ErrInterrupted is a rotation its caller stopped, by cancelling its
// context, between two steps. The error that wraps it says which steps
// were done and which undone, and starts with "interrupted", so that a
// caller can say whose work it was: "the put was " + its message.
var ErrInterrupted = errors.New("interrupted")

// interruptedBefore is a rotation stopped before it made its copy.
func interruptedBefore(family versions.Family) error {
	return fmt.Errorf("%w before copying version %d of secret %s/%s: nothing was written",
		ErrInterrupted, family.Current.Meta.Version, family.Namespace, family.Name)
}

// undo deletes the copy a rotation stopped before its write made. The copy
// holds the value the current secret still holds, so deleting it loses
// nothing, and it would otherwise lock the secret for the lease.
func undo(ctx context.Context, store Store, family versions.Family, copied versions.StoreSecret) error {
	v := family.Current.Meta.Version
	if err := store.Delete(ctx, []versions.StoreSecret{copied}); err != nil {
		return fmt.Errorf("%w after copying version %d to store secret %q and before writing the new value, so nothing was written. "+
			"Deleting the copy, which locks the secret until %s, failed: %w. Once no other writer is running, delete it with: layeron secret unlock %s/%s",
			ErrInterrupted, v, copied.Name, copied.Created.Add(versions.RotationLease).UTC().Format(time.RFC3339), err, family.Namespace, family.Name)
	}
	return fmt.Errorf("%w after copying version %d to store secret %q and before writing the new value: nothing was written, "+
		"and the copy, which locked the secret, was deleted", ErrInterrupted, v, copied.Name)
}

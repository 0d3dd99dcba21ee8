package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// unlock deletes the lock copy a put, apply or action left when it was
// killed between its copy and its write, which otherwise refuses every
// rotation of the secret until versions.RotationLease passes. Whether the
// copy may go is the version model's to decide; this carries it out.
func unlock(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("unlock", flag.ContinueOnError)
	s, family, err := readSecret(ctx, fs, args, env)
	if err != nil {
		return err
	}
	id := family.ID()
	lock, err := family.Unlock()
	if errors.Is(err, versions.ErrWrittenSinceLock) {
		return fmt.Errorf("secret %s in account %s is not unlocked, and nothing was deleted: %w. "+
			"If no one needs the value that copy holds, delete it in the Cloudflare dashboard; left alone, it refuses rotations for %d minutes after it was made, and the next rotation then deletes it",
			id, s.AccountID(), err, int(versions.RotationLease.Minutes()))
	}
	if err != nil {
		return fmt.Errorf("secret %s in account %s is not unlocked, and nothing was deleted: %w", id, s.AccountID(), err)
	}
	if ctx.Err() != nil {
		return errInterrupted
	}
	if err := s.Delete(context.WithoutCancel(ctx), []versions.StoreSecret{lock.StoreSecret}); err != nil {
		return fmt.Errorf("deleting store secret %q, the lock copy of secret %s, failed: %w", lock.Name, id, err)
	}
	_, err = fmt.Fprintf(env.Stdout, "Deleted store secret %q, the copy of version %d that a rotation made at %s and did not finish, from account %s. "+
		"Store secret %q still holds version %d, and the next put, apply or action can rotate secret %s.\n",
		lock.Name, lock.Meta.Version, lock.Created.UTC().Format(time.RFC3339), s.AccountID(), family.Current.Name, family.Current.Meta.Version, id)
	return err
}

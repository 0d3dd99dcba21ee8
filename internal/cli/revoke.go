package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// revoke deletes retained versions of a secret now, as the
// layeron_secret_revoke action does, to end a rotation's overlap after a
// leak where Terraform has no actions, without editing the retention. What
// goes, and how, is rotation.Revoke's to decide and carry out.
func revoke(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("revoke", flag.ContinueOnError)
	var requested versionList
	fs.Var(&requested, "version", "a retained version to delete")
	s, family, err := readSecret(ctx, fs, args, env)
	if err != nil {
		return err
	}
	id := family.ID()
	if err := layeronSecret(s, "revoke", family); err != nil {
		return err
	}
	revoked, err := rotation.Revoke(ctx, s, family, requested, func(c versions.Member) {
		_, _ = fmt.Fprintln(env.Stdout, rotation.RevokedCopy(s.AccountID(), id, c))
	})
	var refused *rotation.RevokeRefused
	if errors.As(err, &refused) {
		return fmt.Errorf("secret %s in account %s: %w; nothing was deleted", id, s.AccountID(), err)
	}
	if len(revoked.NotKept) > 0 {
		_, _ = fmt.Fprintln(env.Stdout, rotation.NotKept(s.AccountID(), id, revoked.NotKept))
	}
	switch {
	case errors.Is(err, rotation.ErrInterrupted):
		return fmt.Errorf("secret %s in account %s: the revoke was %w", id, s.AccountID(), err)
	case err != nil:
		return fmt.Errorf("secret %s in account %s: %w", id, s.AccountID(), err)
	case len(revoked.Deleted) == 0 && len(revoked.NotKept) == 0:
		_, err = fmt.Fprintln(env.Stdout, rotation.NothingToRevoke(s.AccountID(), id))
		return err
	case len(revoked.Deleted) == 0:
		return nil
	}
	_, err = fmt.Fprintf(env.Stdout, "Store secret %q still holds version %d, the current one.\n", family.Current.Name, family.Current.Meta.Version)
	return err
}

// versionList is the --version flag, given once for each version.
type versionList []int

func (l *versionList) String() string {
	parts := make([]string, len(*l))
	for i, v := range *l {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ",")
}

func (l *versionList) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 {
		return errors.New("a version is a whole number, 1 or more")
	}
	*l = append(*l, v)
	return nil
}

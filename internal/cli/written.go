package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// reportWritten says what rotation.WriteNext did to secret
// namespace/name for a put or a rotation (what), and turns its error into
// the command's: the version written, if any, on standard output, and what
// was left undone.
func reportWritten(ctx context.Context, env Env, s store, what, namespace, name string, w rotation.Written, err error) error {
	id := versions.SecretID(namespace, name)
	if w.Version != 0 {
		kept := fmt.Sprintf("version %d is not kept (retention none)", w.Previous)
		if w.Kept != "" {
			kept = fmt.Sprintf("version %d is kept as store secret %q", w.Previous, w.Kept)
		}
		_, _ = fmt.Fprintf(env.Stdout, "Wrote version %d of secret %s to store secret %q of account %s; %s.\n",
			w.Version, id, versions.CurrentName(namespace, name), s.AccountID(), kept)
	}
	switch {
	case errors.Is(err, rotation.ErrInterrupted):
		return fmt.Errorf("secret %s in account %s: the %s was %w", id, s.AccountID(), what, err)
	case err != nil:
		return fmt.Errorf("secret %s in account %s: %w", id, s.AccountID(), err)
	case ctx.Err() != nil:
		return fmt.Errorf("secret %s in account %s: the %s was interrupted once it had finished: version %d is written and its expired copies pruned, so nothing is left to do",
			id, s.AccountID(), what, w.Version)
	}
	return nil
}

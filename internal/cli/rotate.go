package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// rotate writes a new random value as the next version of a random
// secret, as the layeron_secret_rotate action does: of the length its
// comment declares, under the retention its current secret declares, then
// prunes the copies that retention lets expire. It is the way to rotate
// now where Terraform has no actions, without editing rotation_triggers.
func rotate(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("rotate", flag.ContinueOnError)
	s, family, err := readSecret(ctx, fs, args, env)
	if err != nil {
		return err
	}
	if err := layeronSecret(s, "rotate", family); err != nil {
		return err
	}
	bytes, err := rotation.RandomBytes(s.AccountID(), family)
	if err != nil {
		return fmt.Errorf("%w. Nothing was written", err)
	}
	value, err := rotation.RandomValue(bytes)
	if err != nil {
		return err
	}
	w, err := rotation.WriteNext(ctx, s, family, value, versions.Instant(env.Now()))
	return reportWritten(ctx, env, s, "rotation", family.Namespace, family.Name, w, err)
}

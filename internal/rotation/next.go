package rotation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Written is what WriteNext did.
type Written struct {
	// Version is the version written, Previous the one it replaced.
	Version, Previous int
	// Kept names the store secret that keeps the previous value, or is
	// empty under retention none.
	Kept string
}

// WriteNext writes value as the next version of a secret from outside its
// Terraform configuration, as the CLI and the rotate action do: under the
// retention and with the scopes its current secret declares, then prunes
// the copies that policy lets expire at now, judged, as an apply judges
// them, on the family as read before the write. The family's current secret must
// carry Layeron metadata. An error with a Written that has a Version is a
// version written whose lock or expired copies were not deleted. A
// cancelled ctx stops it between steps, as it stops Rotate; once the
// version is written, it skips the pruning, which the next writer does.
func WriteNext(ctx context.Context, store Store, family versions.Family, value string, now time.Time) (Written, error) {
	current := family.Current
	if err := Numbered(family); err != nil {
		return Written{}, err
	}
	token, err := NewToken()
	if err != nil {
		return Written{}, err
	}
	policy := versions.Retention{Mode: current.Meta.RetainMode, Days: current.Meta.RetainDays}
	if policy.Mode == "" {
		policy.Mode = versions.RetainNone
	}
	next := current.Meta
	next.Version, next.From = family.NextVersion(0), now
	w := Written{Version: next.Version, Previous: current.Meta.Version}
	if policy.Keeps() {
		w.Kept = versions.CopyName(family.Namespace, family.Name, current.Meta.Version)
	}
	copies := policy.ApplyFor(family, now, token, true)
	err = Rotate(ctx, store, Rotation{Family: family, Policy: policy, Next: next, Value: value, Token: token, Now: now, Scopes: current.Scopes})
	if errors.Is(err, ErrWrittenCopyLeft) {
		return w, err
	}
	if err != nil {
		return Written{}, err
	}
	if ctx.Err() != nil {
		return w, fmt.Errorf("%w after writing version %d, so its expired copies were not pruned. "+
			"The next terraform apply, put or rotate action of the secret prunes them", ErrInterrupted, w.Version)
	}
	if err := Prune(context.WithoutCancel(ctx), store, copies, current.Scopes); err != nil {
		return w, fmt.Errorf("version %d is written, but pruning its expired copies failed: %w. "+
			"The next terraform apply, put or rotate action of the secret prunes them", w.Version, err)
	}
	return w, nil
}

// Numbered refuses a family whose current secret's version number cannot be
// trusted without the record a Terraform state keeps: a retained copy
// claims the same number, or a higher one, as a comment edited down would
// make it. Writing the next version would then reuse a number.
func Numbered(family versions.Family) error {
	current := family.Current.Meta.Version
	if family.VersionClaimedTwice() || family.HighestVersion() > current {
		return fmt.Errorf("store secret %q says version %d, but a retained copy of the secret claims that number or a higher one, so writing the next version could reuse a number. "+
			"Run terraform apply (or tofu apply) on the secret's configuration, which restores the number it recorded, or fix the comment in the dashboard; then write the secret again", family.Current.Name, current)
	}
	return nil
}

package resources

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// rotate makes a new version: it keeps the current value as a retained copy
// (a server-side duplicate, unless retention is none), then overwrites the
// current secret. A copy left by an interrupted rotation is reused, never
// overwritten, so retrying after a crash at any step loses nothing.
func (r *secretResource) rotate(ctx context.Context, plan, config *secretModel, family versions.Family, recorded int, now time.Time, scopes []string) error {
	current := family.Current
	policy := plan.retention()
	v := current.Meta.Version
	if !family.CurrentKept() && policy.Keeps() {
		listing, err := r.store.List(ctx)
		if err != nil {
			return err
		}
		if name, taken := copySlot(listing, plan, family); taken {
			return errors.New(r.copySlotTaken(plan, name))
		}
		if err := r.checkQuota(ctx, 1, listing); err != nil {
			return err
		}
		copyComment := versions.Encode(policy.Retire(current.Meta, now))
		if _, err := r.store.Duplicate(ctx, current.ID, current.Name, versions.CopyName(plan.namespace(), plan.name(), v), copyComment, scopes); err != nil {
			return err
		}
	}
	value, err := r.newValue(plan, config)
	if err != nil {
		return err
	}
	next := family.NextVersion(recorded)
	comment := versions.Encode(plan.toMeta(next, now))
	if _, err := r.store.Patch(ctx, current.ID, current.Name, client.Patch{Value: &value, Comment: &comment, Scopes: scopes}); err != nil {
		return err
	}
	tflog.Info(ctx, "Rotated secret", map[string]any{"version": next})
	return nil
}

// newValue is the value of a new version: random bytes, or the configured
// static value.
func (r *secretResource) newValue(plan, config *secretModel) (string, error) {
	if plan.kind() == kindRandom {
		buf := make([]byte, plan.Bytes.ValueInt64())
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("reading random bytes for secret %s failed: %w", plan.id(), err)
		}
		return base64.RawURLEncoding.EncodeToString(buf), nil
	}
	if !config.ValueWO.IsNull() {
		return config.ValueWO.ValueString(), nil
	}
	return plan.Value.ValueString(), nil
}

// stamp writes the metadata and scopes of a store secret, never its value.
func (r *secretResource) stamp(ctx context.Context, s versions.StoreSecret, meta versions.Meta, scopes []string) error {
	comment := versions.Encode(meta)
	_, err := r.store.Patch(ctx, s.ID, s.Name, client.Patch{Comment: &comment, Scopes: scopes})
	return err
}

// saveState records the store's view of the family, read after the writes,
// into state.
func (r *secretResource) saveState(ctx context.Context, plan *secretModel, family versions.Family, state *tfsdk.State, private privateState, diags *diag.Diagnostics) {
	storeID, err := r.store.StoreID(ctx)
	if err != nil {
		framework.AddStoreError(diags, "Unable to Read Secrets Store", plan.id(), err)
		return
	}
	plan.StoreID = types.StringValue(storeID)
	rec := loadRecord(ctx, private)
	rec.saw(family)
	diags.Append(rec.save(ctx, private)...)
	list := family.Versions()
	plan.setVersions(list, storeID)
	plan.NextRotationAt = nextRotation(plan, family, list)
	diags.Append(state.Set(ctx, plan)...)
}

// addWriteError reports a failed write of secret id: a full account as
// such, anything else as the store error it is.
func addWriteError(diags *diag.Diagnostics, summary, id string, err error) {
	if errors.As(err, new(*quotaError)) {
		diags.AddError(quotaExceeded, err.Error()+".")
		return
	}
	framework.AddStoreError(diags, summary, id, err)
}

// copySlot returns the name the copy of the current version takes, and
// whether a store secret of the listing already holds it. Rotation asks
// only when no copy provably holds the current value, so any holder is one
// it must never overwrite: a secret made by hand, or a copy whose number
// the current's comment claims twice.
func copySlot(listing []versions.StoreSecret, plan *secretModel, family versions.Family) (string, bool) {
	name := versions.CopyName(plan.namespace(), plan.name(), family.Current.Meta.Version)
	for _, s := range listing {
		if s.Name == name {
			return name, true
		}
	}
	return name, false
}

// copySlotTaken says what blocks a rotation whose copy name is taken.
func (r *secretResource) copySlotTaken(plan *secretModel, name string) string {
	return fmt.Sprintf("Rotating secret %s keeps its current value as store secret %q, but a store secret of that name already exists in account %s "+
		"and does not hold the current value: it was not made by Layeron, or the current secret's comment claims its version twice. It is never overwritten. "+
		"Rename or delete that store secret, or set rotation.retain.mode = \"none\", and run apply again.", plan.id(), name, r.store.AccountID())
}

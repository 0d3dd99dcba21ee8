package resources

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// rotate makes version next, with the token rec carries for its copy,
// which a failed apply keeps in private state.
func (r *secretResource) rotate(ctx context.Context, plan *secretModel, valueWO types.String, family versions.Family, next int, rec *record, now time.Time, scopes []string) error {
	if rec.Rotation == "" {
		token, err := rotation.NewToken()
		if err != nil {
			return err
		}
		rec.Rotation = token
	}
	value, err := r.newValue(plan, valueWO)
	if err != nil {
		return err
	}
	err = rotation.Rotate(ctx, r.store, rotation.Rotation{
		Family: family, Policy: plan.retention(), Next: plan.toMeta(next, now, rec.Holder), Value: value,
		Token: rec.Rotation, Now: now, Scopes: scopes,
	})
	if err == nil {
		tflog.Info(ctx, "Rotated secret", map[string]any{"version": next})
	}
	return err
}

// newValue is the value of a new version: random bytes, or the configured
// static value (value_wo comes only from the configuration).
func (r *secretResource) newValue(plan *secretModel, valueWO types.String) (string, error) {
	if plan.kind() == kindRandom {
		return rotation.RandomValue(int(plan.Bytes.ValueInt64()))
	}
	if !valueWO.IsNull() {
		return valueWO.ValueString(), nil
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
// into state, and rec, which the writes completed, into private state.
func (r *secretResource) saveState(ctx context.Context, plan *secretModel, family versions.Family, rec record, state *tfsdk.State, private privateState, diags *diag.Diagnostics) {
	storeID, err := r.store.StoreID(ctx)
	if err != nil {
		framework.AddStoreError(diags, "Unable to Read Secrets Store", plan.id(), err)
		return
	}
	plan.StoreID = types.StringValue(storeID)
	// An import's take-over plans it unknown, to make the update that
	// stamps this state's holder.
	plan.ModuleConfig = plan.moduleConfig()
	rec.Rotation, rec.TakeOverFrom = "", ""
	rec.saw(family)
	rec.decide(r.now())
	diags.Append(rec.save(ctx, private)...)
	list := family.Versions()
	plan.setVersions(list, storeID)
	plan.NextRotationAt = nextRotation(plan, family, list)
	diags.Append(setSecretModel(ctx, state, plan)...)
}

// addWriteError reports a failed write of secret id: a full account as
// such, anything else as the store error it is.
func addWriteError(diags *diag.Diagnostics, summary, id string, err error) {
	if errors.As(err, new(*rotation.QuotaError)) {
		diags.AddError(quotaExceeded, err.Error()+".")
		return
	}
	framework.AddStoreError(diags, summary, id, err)
}

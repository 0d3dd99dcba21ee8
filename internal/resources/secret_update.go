package resources

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Update writes the current version as the plan decided (a rotation, a
// recorded outside write, or new metadata), then re-stamps and prunes the
// retained copies as the retention policy says.
func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state secretModel
	var valueWO types.String
	resp.Diagnostics.Append(getSecretModel(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(getSecretModel(ctx, req.State, &state)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("value_wo"), &valueWO)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "secret", plan.id())
	defer r.changes.Applied(plan.id())
	scopes, diags := plan.scopes(ctx)
	resp.Diagnostics.Append(diags...)
	family, err := r.store.Family(ctx, plan.namespace(), plan.name())
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Update Secret", plan.id(), err)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	rec := loadRecord(ctx, req.Private)
	rec.trust(&family, &state)
	current := family.Current
	if rec.heldElsewhere(current) {
		addHeldElsewhere(&resp.Diagnostics, current, plan.id(), r.store.AccountID(), true)
		return
	}
	if how := storeMovedOn(&state, family); how != "" {
		addStoreMovedOn(&resp.Diagnostics, &state, how, r.store.AccountID())
		return
	}
	if rec.Holder == "" {
		// A state from a release without holders, or an import: from now
		// on this state holds the secret.
		if rec.Holder, err = rotation.NewToken(); err != nil {
			resp.Diagnostics.AddError("Unable to Update Secret", err.Error()+".")
			return
		}
	}
	// A failed update keeps what it took on in the record: the holder it
	// may have stamped, the token of the copy it may have made.
	defer func() {
		if resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(rec.save(ctx, resp.Private)...)
		}
	}()
	now := r.now()
	if c, lock := family.RotationLock(rec.Rotation, now); lock == versions.LockHeld {
		r.addRotationInProgress(plan.id(), c, &resp.Diagnostics)
		return
	}
	// What the clock decides was decided at the refresh the plan was made
	// from: the apply carries out what the plan showed.
	decided := rec.decisionTime(now)
	change := versions.Decide(family, plan.declared(&state), rec.seen(), decided)
	next := family.NextVersion(rec.Version)
	copies := plan.retention().ApplyFor(family, decided, rec.Rotation, change.Rotate)

	switch {
	case change.Recreate:
		if err := r.createFirst(ctx, &plan, valueWO, next, now, rec.Holder, scopes); err != nil {
			addWriteError(&resp.Diagnostics, "Unable to Recreate Secret", plan.id(), err)
			return
		}
	case change.Rotate:
		if err := r.rotate(ctx, &plan, valueWO, family, next, &rec, now, scopes); err != nil {
			addWriteError(&resp.Diagnostics, "Unable to Rotate Secret", plan.id(), err)
			return
		}
	case change.Record:
		meta := plan.toMeta(next, versions.Instant(current.Modified), rec.Holder)
		if err := r.stamp(ctx, current.StoreSecret, meta, scopes); err != nil {
			framework.AddStoreError(&resp.Diagnostics, "Unable to Record Generated Secret", plan.id(), err)
			return
		}
	case current != nil && current.Marked:
		meta := plan.toMeta(current.Meta.Version, current.Meta.From, rec.Holder)
		if versions.Encode(meta) != current.Comment || !slices.Equal(scopes, current.Scopes) {
			if err := r.stamp(ctx, current.StoreSecret, meta, scopes); err != nil {
				framework.AddStoreError(&resp.Diagnostics, "Unable to Update Secret", plan.id(), err)
				return
			}
		}
	}

	if err := rotation.Prune(ctx, r.store, copies, scopes); err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Update Retained Versions", plan.id(), err)
		return
	}
	if family, err = r.store.Family(ctx, plan.namespace(), plan.name()); err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Read Secrets Store", plan.id(), err)
		return
	}
	r.saveState(ctx, &plan, family, rec, &resp.State, resp.Private, &resp.Diagnostics)
	r.setIdentity(ctx, resp.Identity, &plan, &resp.Diagnostics)
}

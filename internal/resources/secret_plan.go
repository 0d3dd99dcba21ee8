package resources

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// ModifyPlan fills what the declaration decides (namespace, bytes, names,
// module_config), checks the store for what a create or an update would
// meet, and marks what a new version changes as known after apply.
func (r *secretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() && r.store != nil {
			r.planDestroy(ctx, req, resp)
		}
		return
	}
	// A nested object known only at apply leaves the plan to the
	// framework: everything the provider computes is unknown until then.
	if r.store == nil || !nestedObjectsKnown(req.Config) {
		return
	}
	// Each model read or written converts every attribute:
	// the plan is the state when Terraform proposes no change,
	// only two attributes of the configuration matter here, and a plan the
	// provider leaves as it is is not written back.
	var plan, state secretModel
	creating := req.State.Raw.IsNull()
	changed := !req.Plan.Raw.Equal(req.State.Raw)
	if !creating {
		resp.Diagnostics.Append(getSecretModel(ctx, req.State, &state)...)
	}
	if creating || changed {
		resp.Diagnostics.Append(getSecretModel(ctx, req.Plan, &plan)...)
	} else {
		plan = state
	}
	var configNamespace types.String
	var configBytes types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("namespace"), &configNamespace)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("bytes"), &configBytes)...)
	if resp.Diagnostics.HasError() {
		return
	}
	proposed := plan
	if configNamespace.IsNull() {
		plan.Namespace = types.StringValue(r.namespace)
	}
	if plan.Namespace.IsUnknown() || plan.Name.IsUnknown() || plan.Kind.IsUnknown() {
		return
	}
	if configBytes.IsNull() {
		plan.Bytes = types.Int64Null()
		if plan.kind() == kindRandom {
			plan.Bytes = types.Int64Value(versions.DefaultRandomBytes)
		}
	}
	plan.ID = types.StringValue(plan.id())
	plan.SecretName = types.StringValue(versions.CurrentName(plan.namespace(), plan.name()))
	plan.ModuleConfig = plan.moduleConfig()
	if !plan.declarationKnown() {
		plan.ModuleConfig = types.StringUnknown()
	}

	family, err := r.store.Family(ctx, plan.namespace(), plan.name())
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Plan Secret", plan.id(), err)
		return
	}
	if creating {
		r.planCreate(ctx, &plan, family, resp)
	} else {
		if plan.namespace() != state.namespace() {
			resp.RequiresReplace = append(resp.RequiresReplace, path.Root("namespace"))
		}
		if plan.namespace() != state.namespace() || plan.kind() != state.kind() {
			// Terraform shows the warnings of this plan, not of the create
			// it plans next for the replacement.
			r.warnReplace(ctx, &state, &plan, req.Private, &resp.Diagnostics)
		}
		r.planUpdate(ctx, &plan, &state, family, req.Private, changed, resp)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// Terraform applies a plan that differs from the state, one that only
	// prunes expired copies included.
	if creating || changed || !framework.SameModel(&state, &plan) {
		if !creating {
			// The lock stops every write of the current secret, its
			// comment's included: a rotation in flight would write its own
			// over it.
			r.refuseLocked(ctx, &plan, family, req.Private, &resp.Diagnostics)
		}
		// An action triggered before this change is applied must not write
		// the secret under it: see providerdata.Changes.
		r.changes.Planned(plan.id())
	}
	if !framework.SameModel(&proposed, &plan) {
		resp.Diagnostics.Append(setSecretModel(ctx, &resp.Plan, &plan)...)
	}
}

// planCreate checks what the store already holds under the name, and the
// quota for what the create adds.
func (r *secretResource) planCreate(ctx context.Context, plan *secretModel, family versions.Family, resp *resource.ModifyPlanResponse) {
	current := family.Current
	switch {
	case plan.kind() == kindGenerated && current != nil && !current.Marked:
		r.warnAdopt(ctx, plan, current, family.HighestVersion()+1, &resp.Diagnostics)
	case plan.kind() == kindGenerated:
		if current != nil && current.Marked && current.Meta.Holder != "" {
			resp.Diagnostics.AddWarning("Existing Layeron Secret Taken Over",
				fmt.Sprintf("Store secret %q in account %s already holds Layeron secret %s at version %d%s, but this state does not. "+
					"Apply takes it over, recording its value as version %d; the configuration that held it is then warned at each plan and refused any change.",
					current.Name, r.store.AccountID(), plan.id(), current.Meta.Version, heldBy(current), family.HighestVersion()+1))
		}
	case current == nil:
		r.planQuota(ctx, plan.SecretName.ValueString(), &resp.Diagnostics)
	case !current.Marked:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Secret Name Already Used",
			fmt.Sprintf("The store secret %q already exists in store %s of account %s and was not created by Layeron, so it will not be overwritten. "+
				"Choose another name or namespace, delete that secret, or declare it with kind = \"generated\" to adopt its value.",
				current.Name, r.storeIDOrUnknown(ctx), r.store.AccountID()))
	default:
		if lock, state := family.RotationLock("", r.now()); state == versions.LockHeld {
			r.addRotationInProgress(plan.id(), lock, &resp.Diagnostics)
			return
		}
		resp.Diagnostics.AddWarning("Existing Layeron Secret Taken Over",
			fmt.Sprintf("Store secret %q in account %s already holds Layeron secret %s at version %d, but this state does not%s. "+
				"Apply takes it over: it writes a new value as version %d and keeps the current one as a retained copy when rotation.retain keeps versions (mode \"none\" discards it). "+
				"A configuration that held the secret is then warned at each plan and refused any change. "+
				"If another configuration should keep managing this secret, remove this resource and read the secret with the layeron_secret_version data source instead.",
				current.Name, r.store.AccountID(), plan.id(), current.Meta.Version, heldBy(current), family.HighestVersion()+1))
		if plan.retention().CopySlotNeeded(family, "", r.now()) {
			r.planQuota(ctx, versions.CopyName(plan.namespace(), plan.name(), current.Meta.Version), &resp.Diagnostics)
		}
	}
	// The number stays unknown: a create that finds the secret made
	// meanwhile takes it over, as the recovery of a create whose answer was
	// lost does.
	plan.setUnknownVersions()
	plan.StoreID = types.StringUnknown()
}

// planUpdate decides whether the update makes a new version and, when it
// does not, shows the versions the retention policy leaves.
func (r *secretResource) planUpdate(ctx context.Context, plan, state *secretModel, family versions.Family, private privateState, changed bool, resp *resource.ModifyPlanResponse) {
	now := r.now()
	rec := loadRecord(ctx, private)
	if rec.DecidedAt == "" {
		// A record from before decisions were kept: this plan's instant
		// becomes the one its apply judges at.
		rec.decide(now)
		resp.Diagnostics.Append(rec.save(ctx, resp.Private)...)
	}
	decided := rec.decisionTime(now)
	rec.trust(&family, state)
	if rec.heldElsewhere(family.Current) {
		// Only a change is an error: destroy plans the configuration as it
		// is first, and must get through to let the secret go.
		addHeldElsewhere(&resp.Diagnostics, family.Current, plan.id(), r.store.AccountID(), changed)
		return
	}
	recorded := rec.Version
	change := versions.Decide(family, plan.declared(state), rec.seen(), decided)
	if how := storeMovedOn(state, family); how != "" {
		addStoreMovedOn(&resp.Diagnostics, state, how, r.store.AccountID())
		return
	}
	if change.Recreate {
		r.warnDeletedOutside(plan, family.NextVersion(recorded), &resp.Diagnostics)
		r.planQuota(ctx, plan.SecretName.ValueString(), &resp.Diagnostics)
	}
	if plan.kind() == kindStatic && versions.TriggersChanged(family.Current, triggersDigest(plan.RotationTriggers)) && !change.NewValue {
		resp.Diagnostics.AddAttributeError(path.Root("rotation_triggers"), "New Value Needed",
			"rotation_triggers changed, but a static secret's new version needs a new value: change value_wo_version (with the new value_wo) or value in the same apply.")
		return
	}
	if change.OutsideValue {
		r.warnOutsideValue(plan, family, family.NextVersion(recorded), &resp.Diagnostics)
	}
	if change.Record && !family.Current.Marked {
		r.warnAdopt(ctx, plan, family.Current, family.NextVersion(recorded), &resp.Diagnostics)
	}
	if change.Due {
		resp.Diagnostics.AddWarning("Secret Rotation Due", r.rotationDue(plan, family, change, family.NextVersion(recorded), now))
	}
	if change.Rotate && plan.retention().CopySlotNeeded(family, rec.Rotation, now) {
		listing, err := r.store.List(ctx)
		if err != nil {
			framework.AddStoreError(&resp.Diagnostics, "Unable to Plan Secret", plan.id(), err)
		} else if name, taken := rotation.CopySlot(listing, family); taken {
			resp.Diagnostics.AddError("Copy Name Taken", rotation.CopySlotTaken(r.store.AccountID(), plan.id(), name))
		} else {
			r.planQuota(ctx, name, &resp.Diagnostics)
		}
	}
	// A declaration known only at apply may make a new version then.
	if !plan.declarationKnown() {
		plan.setUnknownVersions()
		return
	}
	if change.NewVersion() {
		// Numbers and names are known now; only the instants the apply
		// reads or sets are not.
		planned := plan.retention().After(family, decided, family.NextVersion(recorded), change.Rotate)
		plan.setPlannedVersions(planned, state.StoreID)
		plan.NextRotationAt = types.StringUnknown()
		return
	}
	if rec.takingOver(family.Current) {
		plan.planMetadataRewrite()
	}
	kept := plan.retention().Apply(family, decided).Keep
	plan.setVersions(kept, state.StoreID.ValueString())
	plan.NextRotationAt = nextRotation(plan, family, kept)
}

// storeIDOrUnknown names the store in a message that is already about
// another failure.
func (r *secretResource) storeIDOrUnknown(ctx context.Context) string {
	id, err := r.store.StoreID(ctx)
	if err != nil {
		return "(unknown)"
	}
	return id
}

// storeMovedOn says how the store moved past the state's refresh, or ""
// when it did not: its current version, or the retained versions it keeps.
// Apply plans each resource again against the store without refreshing the
// state first, so that is how an apply finds that another writer changed
// the secret since its plan, before the plan's versions and bindings turn
// out wrong. A plan made without refresh finds it too.
func storeMovedOn(state *secretModel, family versions.Family) string {
	c := family.Current
	known := !state.CurrentVersion.IsNull() && !state.CurrentVersion.IsUnknown()
	if c != nil && c.Marked && known && state.CurrentVersion.ValueString() != strconv.Itoa(c.Meta.Version) {
		return fmt.Sprintf("holds version %d, where this state last saw version %s", c.Meta.Version, state.CurrentVersion.ValueString())
	}
	seen, ok := state.retainedNames()
	var now []string
	for _, v := range family.Versions() {
		if !v.Current {
			now = append(now, v.SecretName)
		}
	}
	if ok && !slices.Equal(seen, now) {
		return fmt.Sprintf("keeps retained versions %q, where this state last saw %q", now, seen)
	}
	return ""
}

package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state secretModel
	resp.Diagnostics.Append(getSecretModel(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Every read returns an identity, even one that removes the resource.
	defer r.setIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	sent := state
	family, err := r.store.Family(ctx, state.namespace(), state.name())
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Read Secret", state.id(), err)
		return
	}
	rec := loadRecord(ctx, req.Private)
	claimed := 0
	if family.Current != nil {
		claimed = family.Current.Meta.Version
	}
	forged, damaged := rec.trust(&family, &state)
	for _, d := range family.Damaged {
		if damaged && d.ID == rec.SecretID {
			continue
		}
		resp.Diagnostics.AddWarning("Unreadable Secret Metadata",
			fmt.Sprintf("Store secret %q carries a Layeron comment that cannot be read, so it is ignored and never changed. Fix or delete it in the dashboard.", d.Name))
	}
	current := family.Current
	owned := current != nil && current.Marked
	// A secret another configuration took over stays in this state, as it
	// was, so that the plan says so instead of creating it again.
	held := rec.heldElsewhere(current)
	takeover := rec.takingOver(current)
	recorded := rec.Version
	// A secret this state made keeps its place when the store loses its
	// current secret, so that its next version takes a new number and its
	// copies are still destroyed with it. One now held by someone else is
	// theirs.
	if state.kind() != kindGenerated && (current != nil && !owned || current == nil && recorded == 0) {
		tflog.Warn(ctx, "Secret is gone from the store; removing it from state", map[string]any{"secret": state.id()})
		resp.State.RemoveResource(ctx)
		return
	}
	switch {
	case damaged:
		resp.Diagnostics.AddWarning("Secret Metadata Changed Outside Terraform",
			fmt.Sprintf("The comment of store secret %q, which this state created as secret %s, is no longer Layeron metadata it can read. "+
				"The store secret is still this state's: apply writes the comment again from the configuration, and no version or value changes.",
				current.Name, state.id()))
	case forged:
		resp.Diagnostics.AddWarning("Secret Version Changed Outside Terraform",
			fmt.Sprintf("The comment of store secret %q says version %d, but this provider made version %d of secret %s. Versions never go back, so version %d is kept: the next rotation copies it as such, and apply writes the comment again.",
				current.Name, claimed, rec.Current, state.id(), rec.Current))
	case family.VersionClaimedTwice():
		resp.Diagnostics.AddWarning("Secret Version Claimed Twice",
			fmt.Sprintf("Store secret %q claims version %d of secret %s, which retained copy %q holds with another value. Rotation never takes that copy for one of the current value, nor overwrites it, so it stops until the comment or the copy is fixed in the dashboard.",
				current.Name, current.Meta.Version, state.id(), versions.CopyName(state.namespace(), state.name(), current.Meta.Version)))
	}
	// Only the numbers move on here, not rec.saw: the modified time and
	// metadata digest stay those this state's last write left, so that a
	// value written outside since is still told apart at plan and at apply.
	rec.Version = max(rec.Version, family.HighestVersion())
	if owned && !held {
		rec.Current = max(rec.Current, current.Meta.Version)
	}
	// As time_rotating does, the clock's rules are judged once, here: the
	// plan made from this refresh, and the apply of that plan, both judge
	// them at this instant.
	rec.decide(r.now())
	resp.Diagnostics.Append(rec.save(ctx, resp.Private)...)
	if held {
		// Kept as Terraform sent it.
		return
	}
	storeID, err := r.store.StoreID(ctx)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Read Secret", state.id(), err)
		return
	}
	state.refresh(family, storeID)
	if owned && current.Meta.Kind != state.kind() {
		resp.Diagnostics.AddWarning("Secret Metadata Changed Outside Terraform",
			fmt.Sprintf("The comment of store secret %q says kind %q, but this state holds a %s secret, which it created. "+
				"The comment is not trusted over state: apply writes it again from the configuration, and no version or value changes.",
				current.Name, current.Meta.Kind, state.kind()))
		asStored := state
		asStored.Kind = types.StringValue(current.Meta.Kind)
		state.showStoredMetadata(asStored.moduleConfig())
	}
	if takeover {
		resp.Diagnostics.AddWarning("Imported Secret Taken Over",
			fmt.Sprintf("Store secret %q (secret %s) is held by the configuration with token %s, and this state imported it. "+
				"Apply takes it over for this state, without a new version or value; that configuration is then refused any change.",
				current.Name, state.id(), current.Meta.Holder))
	}
	if damaged || forged {
		state.showStoredMetadata(types.StringNull())
	}
	// Writing the state back converts every attribute; a refresh that
	// changed nothing leaves the state Terraform sent.
	if !framework.SameModel(&sent, &state) {
		resp.Diagnostics.Append(setSecretModel(ctx, &resp.State, &state)...)
	}
}

// refresh sets what the store's family says of the secret: its declaration
// when the current secret carries Layeron metadata, its names and its
// versions.
func (m *secretModel) refresh(family versions.Family, storeID string) {
	current := family.Current
	owned := current != nil && current.Marked
	if owned {
		m.fromMeta(current.Meta)
		m.Scopes = stringSet(current.Scopes)
	}
	m.StoreID = types.StringValue(storeID)
	m.SecretName = types.StringValue(versions.CurrentName(m.namespace(), m.name()))
	m.ID = types.StringValue(m.id())
	m.ModuleConfig = m.moduleConfig()
	list := family.Versions()
	m.setVersions(list, storeID)
	if current != nil && !owned {
		// A generated secret's value written from outside, not yet recorded.
		m.Fulfilled = types.BoolValue(true)
	}
	m.NextRotationAt = nextRotation(m, family, list)
}

package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
)

// planDestroy says which store secrets a destroy deletes: a plan that says
// "1 to destroy" may delete a dozen, retained versions whose retention
// still runs among them.
func (r *secretResource) planDestroy(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var state secretModel
	if resp.Diagnostics.Append(getSecretModel(ctx, req.State, &state)...); resp.Diagnostics.HasError() {
		return
	}
	r.warnDeleted(ctx, &state, req.Private, "Store Secrets Deleted by Destroy", "Destroying secret "+state.id(), &resp.Diagnostics)
}

// warnReplace says what replacing state with plan (a change of kind or
// namespace) deletes. Terraform shows no warning of the create it plans
// next, and -replace comes with no sign at all: its plan lists what goes
// as removed versions.
func (r *secretResource) warnReplace(ctx context.Context, state, plan *secretModel, private privateState, diags *diag.Diagnostics) {
	r.warnDeleted(ctx, state, private, "Secret Replaced", fmt.Sprintf("Replacing secret %s as %s destroys it first, which", state.id(), plan.id()), diags)
}

// warnDeleted warns that doing, which destroys the secret of state,
// deletes its store secrets, and how a new life of it numbers its
// versions: from one above what the store still shows, which after a
// destroy is nothing.
func (r *secretResource) warnDeleted(ctx context.Context, state *secretModel, private privateState, summary, doing string, diags *diag.Diagnostics) {
	family, err := r.store.Family(ctx, state.namespace(), state.name())
	if err != nil {
		framework.AddStoreError(diags, "Unable to Plan Secret", state.id(), err)
		return
	}
	rec := loadRecord(ctx, private)
	rec.trust(&family, state)
	deleted := family.Destroyed()
	if rec.heldElsewhere(family.Current) || len(deleted) == 0 {
		return
	}
	diags.AddWarning(summary,
		fmt.Sprintf("%s deletes %d store secret(s) in account %s: %s. The retention of each retained version ends with it. "+
			"A secret created again under this name starts again at version 1, since nothing of this one is left to number from: "+
			"a verifier that tells keys apart by version (kid) must not trust what was signed before.",
			doing, len(deleted), r.store.AccountID(), family.DescribeDestroyed(r.now())))
}

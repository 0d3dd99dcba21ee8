package resources

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan secretModel
	var valueWO types.String
	resp.Diagnostics.Append(getSecretModel(ctx, req.Plan, &plan)...)
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
		framework.AddStoreError(&resp.Diagnostics, "Unable to Create Secret", plan.id(), err)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.now()
	current := family.Current
	holder, err := rotation.NewToken()
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Secret", err.Error()+".")
		return
	}
	rec := record{Holder: holder}
	next := family.HighestVersion() + 1

	summary := "Unable to Create Secret"
	switch {
	case plan.kind() == kindGenerated:
		if current != nil {
			// Adopt what the outside flow wrote: stamp it, never touch its value.
			summary = "Unable to Adopt Generated Secret"
			err = r.stamp(ctx, current.StoreSecret, plan.toMeta(next, versions.Instant(current.Modified), holder), scopes)
		}
	case current != nil && !current.Marked:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Secret Name Already Used",
			fmt.Sprintf("The store secret %q exists in account %s and was not created by Layeron, so it will not be overwritten. Choose another name or delete that secret.",
				current.Name, r.store.AccountID()))
		return
	case current != nil:
		// A Layeron secret this state does not hold, as the plan showed: a
		// create whose answer was lost, or one that another configuration
		// held, which from now on is refused any change. Rotating
		// over it keeps its value as a retained copy, as the policy says.
		err = r.rotate(ctx, &plan, valueWO, family, next, &rec, now, scopes)
	default:
		err = r.createFirst(ctx, &plan, valueWO, next, now, holder, scopes)
	}
	if err != nil {
		addWriteError(&resp.Diagnostics, summary, plan.id(), err)
		return
	}
	tflog.Info(ctx, "Created secret")
	if family, err = r.store.Family(ctx, plan.namespace(), plan.name()); err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Read Secrets Store", plan.id(), err)
		return
	}
	r.saveState(ctx, &plan, family, rec, &resp.State, resp.Private, &resp.Diagnostics)
	r.setIdentity(ctx, resp.Identity, &plan, &resp.Diagnostics)
}

// createFirst creates the current secret at version v, held by holder: 1,
// unless earlier versions of the secret used lower numbers.
func (r *secretResource) createFirst(ctx context.Context, plan *secretModel, valueWO types.String, v int, now time.Time, holder string, scopes []string) error {
	value, err := r.newValue(plan, valueWO)
	if err != nil {
		return err
	}
	listing, err := r.store.List(ctx)
	if err != nil {
		return err
	}
	if err := rotation.CheckQuota(ctx, r.store, 1, listing); err != nil {
		return err
	}
	comment := versions.Encode(plan.toMeta(v, now, holder))
	_, err = r.store.Create(ctx, []client.NewSecret{{Name: plan.SecretName.ValueString(), Value: value, Comment: comment, Scopes: scopes}})
	return err
}

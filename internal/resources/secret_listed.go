package resources

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// ListedSecret fills the identity of a Layeron secret that a listing of the
// store found, and its state when state is not nil: the state an import and
// a refresh of it make, so that configuration generated from it plans
// clean. family's current secret must carry Layeron metadata.
func ListedSecret(ctx context.Context, account, storeID string, family versions.Family, identity *tfsdk.ResourceIdentity, state *tfsdk.Resource) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.Append(identity.Set(ctx, secretIdentityModel{
		AccountID: types.StringValue(account),
		StoreID:   types.StringValue(storeID),
		Namespace: types.StringValue(family.Namespace),
		Name:      types.StringValue(family.Name),
	})...)
	if state == nil || diags.HasError() {
		return diags
	}
	// Set attribute by attribute first, as an import does, so that every
	// other attribute starts null with its type.
	diags.Append(state.SetAttribute(ctx, path.Root("name"), family.Name)...)
	diags.Append(state.SetAttribute(ctx, path.Root("namespace"), family.Namespace)...)
	diags.Append(state.SetAttribute(ctx, path.Root("kind"), family.Current.Meta.Kind)...)
	var m secretModel
	if diags.Append(getSecretModel(ctx, state, &m)...); diags.HasError() {
		return diags
	}
	m.refresh(family, storeID)
	diags.Append(setSecretModel(ctx, state, &m)...)
	return diags
}

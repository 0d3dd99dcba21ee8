package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// secretIdentityModel is what names a secret among all others: its
// namespace and name within one store of one account.
type secretIdentityModel struct {
	AccountID types.String `tfsdk:"account_id"`
	StoreID   types.String `tfsdk:"store_id"`
	Namespace types.String `tfsdk:"namespace"`
	Name      types.String `tfsdk:"name"`
}

func (r *secretResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"account_id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "The Cloudflare account id. On import it must be the provider's account, which it defaults to.",
			},
			"store_id": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "The id of the Secrets Store. On import it must be the provider's store, which it defaults to.",
			},
			"namespace": identityschema.StringAttribute{
				OptionalForImport: true,
				Description:       "The secret's namespace. On import it defaults to the provider's namespace.",
			},
			"name": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The secret's name.",
			},
		},
	}
}

// identityOf is the identity of the secret m describes. Its store id is
// null until the store is known, as right after an import.
func (r *secretResource) identityOf(m *secretModel) secretIdentityModel {
	return secretIdentityModel{
		AccountID: types.StringValue(r.store.AccountID()),
		StoreID:   m.StoreID,
		Namespace: m.Namespace,
		Name:      m.Name,
	}
}

// setIdentity records the identity of m. Every create, read and update must
// return one, also on engines that keep none.
func (r *secretResource) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *secretModel, diags *diag.Diagnostics) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, r.identityOf(m))...)
}

// importID turns an import by identity into the <namespace>/<name> an
// import by id gives, refusing an identity in another account or store.
func (r *secretResource) importID(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) string {
	var id secretIdentityModel
	if diags.Append(identity.Get(ctx, &id)...); diags.HasError() {
		return ""
	}
	if account := id.AccountID.ValueString(); account != "" && account != r.store.AccountID() {
		diags.AddError("Import Identity in Another Account",
			fmt.Sprintf("The identity names account %s, but this provider is configured for account %s. Import it with a provider configured for that account, or leave account_id out.", account, r.store.AccountID()))
		return ""
	}
	if storeID := id.StoreID.ValueString(); storeID != "" {
		ours, err := r.store.StoreID(ctx)
		if err != nil {
			diags.AddError("Unable to Import Secret", fmt.Sprintf("Reading the Secrets Store of account %s failed: %s.", r.store.AccountID(), err))
			return ""
		}
		if storeID != ours {
			diags.AddError("Import Identity in Another Store",
				fmt.Sprintf("The identity names store %s, but this provider uses store %s of account %s. Import it with a provider whose store_id is %s, or leave store_id out.", storeID, ours, r.store.AccountID(), storeID))
			return ""
		}
	}
	// Each part is checked alone, so that a name cannot carry a namespace.
	namespace, name := id.Namespace.ValueString(), id.Name.ValueString()
	if namespace == "" {
		namespace = r.namespace
	}
	if err := versions.ValidateName(name); err != nil {
		diags.AddAttributeError(path.Root("name"), "Invalid Import Identity", fmt.Sprintf("The identity's name %q %s.", name, err))
		return ""
	}
	if err := versions.ValidateNamespace(namespace); err != nil {
		diags.AddAttributeError(path.Root("namespace"), "Invalid Import Identity", fmt.Sprintf("The identity's namespace %q %s.", namespace, err))
		return ""
	}
	return versions.SecretID(namespace, name)
}

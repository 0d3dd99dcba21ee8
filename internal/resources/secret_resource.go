// Package resources holds the provider's managed resource types.
package resources

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ resource.Resource                   = (*secretResource)(nil)
	_ resource.ResourceWithConfigure      = (*secretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*secretResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*secretResource)(nil)
	_ resource.ResourceWithImportState    = (*secretResource)(nil)
	_ resource.ResourceWithIdentity       = (*secretResource)(nil)
)

// NewSecretResource returns the layeron_secret resource.
func NewSecretResource() resource.Resource {
	return &secretResource{}
}

// secretResource is layeron_secret. Its methods live one job to a file:
// schema, validation, plan, and each of create, read, update and delete,
// with the store writes they share in secret_steps.go.
type secretResource struct {
	store     providerdata.Store
	clock     clock.Clock
	namespace string
	changes   *providerdata.Changes
}

func (r *secretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (r *secretResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data := providerdata.From(req.ProviderData, "Resource", &resp.Diagnostics)
	if data == nil {
		return
	}
	r.store, r.clock, r.namespace, r.changes = data.Store, data.Clock, data.Namespace, &data.Changes
}

func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID := req.ID
	if importID == "" {
		if importID = r.importID(ctx, req.Identity, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	namespace, name, err := versions.ParseID(importID, r.namespace)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("The import ID %q must be <namespace>/<name> or <name>; %s.", importID, err))
		return
	}
	id := versions.SecretID(namespace, name)
	family, err := r.store.Family(ctx, namespace, name)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Import Secret", id, err)
		return
	}
	if family.Current == nil || !family.Current.Marked {
		resp.Diagnostics.AddError("Cannot Import Secret",
			fmt.Sprintf("No Layeron secret %s exists in account %s (store secret %q is missing or was not created by Layeron). To adopt a value written by another tool, declare it with kind = \"generated\" instead of importing it.",
				id, r.store.AccountID(), versions.CurrentName(namespace, name)))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("namespace"), namespace)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kind"), family.Current.Meta.Kind)...)
	storeID, err := r.store.StoreID(ctx)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Import Secret", id, err)
		return
	}
	// The identity an import by id or by a partial identity ends with is
	// the whole one that every read returns.
	imported := secretModel{StoreID: types.StringValue(storeID), Namespace: types.StringValue(namespace), Name: types.StringValue(name)}
	r.setIdentity(ctx, resp.Identity, &imported, &resp.Diagnostics)
	holder, err := rotation.NewToken()
	if err != nil {
		resp.Diagnostics.AddError("Unable to Import Secret", err.Error()+".")
		return
	}
	rec := record{Holder: holder, TakeOverFrom: family.Current.Meta.Holder}
	rec.saw(family)
	resp.Diagnostics.Append(rec.save(ctx, resp.Private)...)
}

// now is the provider's clock to the second, as the store's metadata keeps
// times.
func (r *secretResource) now() time.Time {
	return versions.Instant(r.clock.Now())
}

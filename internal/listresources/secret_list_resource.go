// Package listresources holds the provider's list resources, which
// terraform query uses to find what to import.
package listresources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/resources"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ list.ListResource              = (*secretListResource)(nil)
	_ list.ListResourceWithConfigure = (*secretListResource)(nil)
)

// NewSecretListResource returns the layeron_secret list resource.
func NewSecretListResource() list.ListResource {
	return &secretListResource{}
}

// secretListResource lists the Layeron secrets of the store with one
// listing, however many there are.
type secretListResource struct {
	store providerdata.Store
}

type secretListModel struct {
	Namespace types.String `tfsdk:"namespace"`
}

func (r *secretListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (r *secretListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Layeron secrets of the Secrets Store, with their identity, so that `terraform query -generate-config-out` writes the `import` and `resource` blocks that bring them under this configuration. " +
			"Store secrets that other tools made, and the retained copies of a secret, are not listed. Values never leave the store.",
		Attributes: map[string]schema.Attribute{
			"namespace": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "List only the secrets of this namespace. Without it, every namespace is listed.",
				Validators:          []validator.String{framework.NamespaceValidator()},
			},
		},
	}
}

func (r *secretListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if data := providerdata.From(req.ProviderData, "List Resource", &resp.Diagnostics); data != nil {
		r.store = data.Store
	}
}

func (r *secretListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var config secretListModel
	if diags := req.Config.Get(ctx, &config); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	listing, err := r.store.List(ctx)
	var storeID string
	if err == nil {
		storeID, err = r.store.StoreID(ctx)
	}
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to List Secrets", fmt.Sprintf("Listing the Secrets Store of account %s failed: %s. Check the API token's Account Secrets Store permissions and run the query again.", r.store.AccountID(), err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	secrets := versions.Secrets(listing, config.Namespace.ValueString())
	stream.Results = func(push func(list.ListResult) bool) {
		for i, family := range secrets {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = displayName(family)
			state := result.Resource
			if !req.IncludeResource {
				state = nil
			}
			result.Diagnostics.Append(resources.ListedSecret(ctx, r.store.AccountID(), storeID, family, result.Identity, state)...)
			if !push(result) {
				return
			}
		}
	}
}

// displayName says what a listed secret is: its id, kind and current
// version. terraform query prints it on the terminal unquoted, which is
// safe only because every part was checked on the way in: the namespace
// and name by versions.ParseStoreName, the kind by versions.Decode against
// its fixed list. Free text from a comment must never be added here.
func displayName(f versions.Family) string {
	return fmt.Sprintf("%s/%s (%s, version %d)", f.Namespace, f.Name, f.Current.Meta.Kind, f.Current.Meta.Version)
}

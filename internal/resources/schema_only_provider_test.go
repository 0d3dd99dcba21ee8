package resources_test

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/layeron/terraform-provider-layeron/internal/resources"
)

var (
	_ provider.Provider = schemaOnlyProvider{}
	_ resource.Resource = schemaOnlyResource{}
)

// schemaOnlyProvider serves layeron_secret's schema with no logic at all:
// what the plugin framework alone costs per call for that schema, the floor
// under the provider's own cost.
type schemaOnlyProvider struct{}

func (schemaOnlyProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "layeron"
}

func (schemaOnlyProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {
}

func (schemaOnlyProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (schemaOnlyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (schemaOnlyProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return schemaOnlyResource{} }}
}

// schemaOnlyResource keeps whatever Terraform sends.
type schemaOnlyResource struct{}

func (schemaOnlyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "layeron_secret"
}

func (schemaOnlyResource) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	resources.NewSecretResource().Schema(ctx, req, resp)
}

func (schemaOnlyResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}

func (schemaOnlyResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (schemaOnlyResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}

func (schemaOnlyResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

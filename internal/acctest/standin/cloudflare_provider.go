package standin

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ provider.Provider = (*cloudflareProvider)(nil)

// cloudflareProvider is cloudflare/cloudflare as far as the guides use it.
type cloudflareProvider struct{}

// cloudflareSettings is what the provider hands its resource.
type cloudflareSettings struct {
	APIToken, BaseURL string
}

type cloudflareProviderModel struct {
	APIToken types.String `tfsdk:"api_token"`
	BaseURL  types.String `tfsdk:"base_url"`
}

// Cloudflare returns the Cloudflare stand-in.
func Cloudflare() func() provider.Provider {
	return func() provider.Provider { return &cloudflareProvider{} }
}

func (p *cloudflareProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cloudflare"
}

func (p *cloudflareProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{Optional: true, Sensitive: true},
			"base_url":  schema.StringAttribute{Optional: true},
		},
	}
}

func (p *cloudflareProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m cloudflareProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	resp.ResourceData = cloudflareSettings{APIToken: m.APIToken.ValueString(), BaseURL: m.BaseURL.ValueString()}
}

func (p *cloudflareProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &secretsStoreSecret{} }}
}

func (p *cloudflareProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

package standin

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var (
	_ provider.Provider                       = (*randomProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*randomProvider)(nil)
)

// randomProvider is hashicorp/random as far as the guides use it.
type randomProvider struct {
	opened func(password string)
}

// Random returns the random stand-in. opened, when set, sees every password
// it makes, so that a test can look for them where they must not be.
func Random(opened func(password string)) func() provider.Provider {
	return func() provider.Provider { return &randomProvider{opened: opened} }
}

func (p *randomProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "random"
}

func (p *randomProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *randomProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	resp.EphemeralResourceData = p.opened
}

func (p *randomProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *randomProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

func (p *randomProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{func() ephemeral.EphemeralResource { return &randomPassword{} }}
}

package standin

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ resource.Resource              = (*secretsStoreSecret)(nil)
	_ resource.ResourceWithConfigure = (*secretsStoreSecret)(nil)
)

// secretsStoreSecret is cloudflare_secrets_store_secret: like the real one,
// it keeps the value in state.
type secretsStoreSecret struct {
	settings cloudflareSettings
}

type secretsStoreSecretModel struct {
	ID        types.String `tfsdk:"id"`
	AccountID types.String `tfsdk:"account_id"`
	StoreID   types.String `tfsdk:"store_id"`
	Name      types.String `tfsdk:"name"`
	Value     types.String `tfsdk:"value"`
	Scopes    []string     `tfsdk:"scopes"`
	Comment   types.String `tfsdk:"comment"`
}

func (r *secretsStoreSecret) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secrets_store_secret"
}

func (r *secretsStoreSecret) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id":         schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"account_id": schema.StringAttribute{Required: true, PlanModifiers: replace},
			"store_id":   schema.StringAttribute{Required: true, PlanModifiers: replace},
			"name":       schema.StringAttribute{Required: true, PlanModifiers: replace},
			"value":      schema.StringAttribute{Required: true, Sensitive: true},
			"scopes":     schema.ListAttribute{Required: true, ElementType: types.StringType},
			"comment":    schema.StringAttribute{Optional: true},
		},
	}
}

func (r *secretsStoreSecret) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if s, ok := req.ProviderData.(cloudflareSettings); ok {
		r.settings = s
	}
}

func (r *secretsStoreSecret) store(m *secretsStoreSecretModel) *client.Client {
	return client.New(client.Config{APIToken: r.settings.APIToken, BaseURL: r.settings.BaseURL, AccountID: m.AccountID.ValueString(), StoreID: m.StoreID.ValueString()})
}

func (r *secretsStoreSecret) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m secretsStoreSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.store(&m).Create(ctx, []client.NewSecret{{Name: m.Name.ValueString(), Value: m.Value.ValueString(), Comment: m.Comment.ValueString(), Scopes: m.Scopes}})
	if err != nil {
		resp.Diagnostics.AddError("Creating Secret Failed", err.Error())
		return
	}
	m.ID = types.StringValue(created[0].ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *secretsStoreSecret) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m secretsStoreSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.store(&m).Find(ctx, m.Name.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Reading Secret Failed", err.Error())
		return
	}
	for _, s := range found {
		if s.ID == m.ID.ValueString() {
			m.Scopes = s.Scopes
			if s.Comment != "" || !m.Comment.IsNull() {
				m.Comment = types.StringValue(s.Comment)
			}
			resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
			return
		}
	}
	resp.State.RemoveResource(ctx)
}

func (r *secretsStoreSecret) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m secretsStoreSecretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	value, comment := m.Value.ValueString(), m.Comment.ValueString()
	if _, err := r.store(&m).Patch(ctx, m.ID.ValueString(), m.Name.ValueString(), client.Patch{Value: &value, Comment: &comment, Scopes: m.Scopes}); err != nil {
		resp.Diagnostics.AddError("Updating Secret Failed", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *secretsStoreSecret) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m secretsStoreSecretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.store(&m).Delete(ctx, []versions.StoreSecret{{ID: m.ID.ValueString(), Name: m.Name.ValueString()}}); err != nil {
		resp.Diagnostics.AddError("Deleting Secret Failed", err.Error())
	}
}

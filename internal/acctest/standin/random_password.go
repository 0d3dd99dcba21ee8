package standin

import (
	"context"
	"crypto/rand"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ ephemeral.EphemeralResource              = (*randomPassword)(nil)
	_ ephemeral.EphemeralResourceWithConfigure = (*randomPassword)(nil)
)

// randomPassword is the ephemeral random_password: a new password each time
// Terraform opens it, in plan and in apply alike.
type randomPassword struct {
	opened func(string)
}

type randomPasswordModel struct {
	Length  types.Int64  `tfsdk:"length"`
	Special types.Bool   `tfsdk:"special"`
	Result  types.String `tfsdk:"result"`
}

func (r *randomPassword) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_password"
}

func (r *randomPassword) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"length":  schema.Int64Attribute{Required: true},
			"special": schema.BoolAttribute{Optional: true},
			"result":  schema.StringAttribute{Computed: true, Sensitive: true},
		},
	}
}

func (r *randomPassword) Configure(_ context.Context, req ephemeral.ConfigureRequest, _ *ephemeral.ConfigureResponse) {
	if opened, ok := req.ProviderData.(func(string)); ok {
		r.opened = opened
	}
}

func (r *randomPassword) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m randomPasswordModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	if m.Special.IsNull() || m.Special.ValueBool() {
		alphabet += "!#$%&*()-_=+[]{}<>:?"
	}
	password := make([]byte, m.Length.ValueInt64())
	for i := range password {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			resp.Diagnostics.AddError("Random Source Failed", err.Error())
			return
		}
		password[i] = alphabet[n.Int64()]
	}
	if r.opened != nil {
		r.opened(string(password))
	}
	m.Result = types.StringValue(string(password))
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

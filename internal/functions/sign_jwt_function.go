package functions

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/layeron/terraform-provider-layeron/internal/jws"
)

var _ function.Function = (*signJWTFunction)(nil)

// NewSignJWTFunction returns provider::layeron::sign_jwt.
func NewSignJWTFunction() function.Function { return &signJWTFunction{} }

type signJWTFunction struct{}

func (f *signJWTFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "sign_jwt"
}

func (f *signJWTFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Sign a JWT with an HMAC key",
		MarkdownDescription: "Signs `claims` as a compact JWS (HS256 by default): the token that the `signJwt()` method of the `secret` module of `@layeron/modules` (Layeron's TypeScript API for Workers) makes from the same claims, key and options. " +
			"Put the Layeron version id in `kid` so a verifier holding the `active` key set picks the right key. " +
			"The function never reads the clock: set `iat`, `nbf` and `exp` in the claims yourself (for example from `plantimestamp()`).",
		Parameters: []function.Parameter{
			function.DynamicParameter{Name: "claims", MarkdownDescription: "Claims: an object, encoded as JSON with sorted keys."},
			function.StringParameter{Name: "key", MarkdownDescription: "Secret key; must not be empty."},
			function.MapParameter{Name: "options", ElementType: types.StringType,
				MarkdownDescription: "`alg` (`HS256` default, `HS384`, `HS512`), `kid` (key id, the Layeron version), `typ` (`JWT` default). Use `{}` for none."},
		},
		Return: function.StringReturn{},
	}
}

func (f *signJWTFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var claims types.Dynamic
	var key string
	var options map[string]string
	resp.Error = req.Arguments.Get(ctx, &claims, &key, &options)
	if resp.Error != nil {
		return
	}
	if key == "" {
		resp.Error = function.NewArgumentFuncError(1, "The key must not be empty.")
		return
	}
	for name := range options {
		if name != "alg" && name != "kid" && name != "typ" {
			resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("Unknown option %q: sign_jwt takes alg, kid and typ.", name))
			return
		}
	}
	value, err := toJSONValue(claims.UnderlyingValue())
	if _, isObject := value.(map[string]any); err != nil || !isObject {
		resp.Error = function.NewArgumentFuncError(0, "The claims must be an object of JSON-compatible values, such as { sub = \"svc\", exp = 1767225600 }.")
		return
	}
	payload, err := json.Marshal(value)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, "The claims cannot be encoded as JSON: "+err.Error()+".")
		return
	}
	alg, typ := options["alg"], options["typ"]
	if alg == "" {
		alg = "HS256"
	}
	if typ == "" {
		typ = "JWT"
	}
	if _, _, err := jws.Hash(alg); err != nil {
		resp.Error = function.NewArgumentFuncError(2, "The alg option is not usable: the "+err.Error()+".")
		return
	}
	token, err := jws.Sign(payload, []byte(key), alg, options["kid"], typ)
	if err != nil {
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, token)
}

// toJSONValue converts a Terraform value into what encoding/json encodes.
func toJSONValue(v attr.Value) (any, error) {
	if v == nil || v.IsNull() {
		return nil, nil
	}
	if v.IsUnknown() {
		return nil, fmt.Errorf("unknown value")
	}
	switch v := v.(type) {
	case basetypes.StringValue:
		return v.ValueString(), nil
	case basetypes.BoolValue:
		return v.ValueBool(), nil
	case basetypes.NumberValue:
		f := v.ValueBigFloat()
		if f.IsInt() {
			i, _ := f.Int(nil)
			return json.Number(i.String()), nil
		}
		return json.Number(f.Text('g', -1)), nil
	case basetypes.DynamicValue:
		return toJSONValue(v.UnderlyingValue())
	case basetypes.ObjectValue:
		return objectJSON(v.Attributes())
	case basetypes.MapValue:
		return objectJSON(v.Elements())
	case basetypes.ListValue:
		return arrayJSON(v.Elements())
	case basetypes.TupleValue:
		return arrayJSON(v.Elements())
	case basetypes.SetValue:
		return arrayJSON(v.Elements())
	}
	return nil, fmt.Errorf("unsupported value %T", v)
}

func objectJSON(elements map[string]attr.Value) (any, error) {
	out := make(map[string]any, len(elements))
	for k, e := range elements {
		x, err := toJSONValue(e)
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	return out, nil
}

func arrayJSON(elements []attr.Value) (any, error) {
	out := make([]any, len(elements))
	for i, e := range elements {
		x, err := toJSONValue(e)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

package functions

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/jws"
)

var _ function.Function = (*verifyJWTFunction)(nil)

// NewVerifyJWTFunction returns provider::layeron::verify_jwt.
func NewVerifyJWTFunction() function.Function { return &verifyJWTFunction{} }

type verifyJWTFunction struct{}

var verifyResultTypes = map[string]attr.Type{
	"valid":  types.BoolType,
	"reason": types.StringType,
	"kid":    types.StringType,
	"alg":    types.StringType,
	"claims": types.StringType,
}

func (f *verifyJWTFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "verify_jwt"
}

func (f *verifyJWTFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Verify an HMAC-signed JWT against a key set",
		MarkdownDescription: "Verifies a compact JWS by the rules of the `verifyJwt()` method of the `secret` module of `@layeron/modules` (Layeron's TypeScript API for Workers). `keys` maps key ids (Layeron version ids) to keys, so the `active` set of " +
			"`layeron_secret_version` verifies tokens across a rotation overlap. The algorithm is pinned (`alg`, default `HS256`): a token claiming another algorithm, or `none`, is invalid. " +
			"`exp` and `nbf` are checked only when `now` is given, since the function never reads the clock. " +
			"Returns an object: `valid`, `reason` (empty when valid), `kid`, `alg`, and `claims` (the payload as JSON; use `jsondecode()`). " +
			"A bad signature, an expired token or a `kid` missing from `keys` (a key retired by rotation) is `valid = false` with a `reason`; a malformed token, an unknown algorithm or an empty key is an error.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "token", MarkdownDescription: "Compact JWS (`header.payload.signature`)."},
			function.MapParameter{Name: "keys", ElementType: types.StringType, MarkdownDescription: "Keys by key id; a token without `kid` is tried against each."},
			function.MapParameter{Name: "options", ElementType: types.StringType,
				MarkdownDescription: "`alg` (pinned algorithm, `HS256` default), `now` (RFC3339 instant for `exp`/`nbf`), `leeway` (seconds of clock skew allowed, default 0), `iss`, `aud`. Use `{}` for none."},
		},
		Return: function.ObjectReturn{AttributeTypes: verifyResultTypes},
	}
}

func (f *verifyJWTFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var token string
	var keys, options map[string]string
	resp.Error = req.Arguments.Get(ctx, &token, &keys, &options)
	if resp.Error != nil {
		return
	}
	if len(keys) == 0 {
		resp.Error = function.NewArgumentFuncError(1, "The key set is empty: pass at least one key, for example { \"3\" = var.key }.")
		return
	}
	keyBytes := make(map[string][]byte, len(keys))
	for kid, key := range keys {
		if key == "" {
			resp.Error = function.NewArgumentFuncError(1, fmt.Sprintf("The key for kid %q is empty.", kid))
			return
		}
		keyBytes[kid] = []byte(key)
	}
	opts := jws.Options{Alg: "HS256", Issuer: options["iss"], Audience: options["aud"]}
	for name, value := range options {
		switch name {
		case "alg":
			opts.Alg = value
		case "now":
			t, err := time.Parse(time.RFC3339, value)
			if err != nil {
				resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("The now option %q is not an RFC3339 timestamp such as 2026-12-01T00:00:00Z.", value))
				return
			}
			opts.Now = t
		case "leeway":
			s, err := strconv.Atoi(value)
			if err != nil || s < 0 {
				resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("The leeway option %q must be a whole number of seconds.", value))
				return
			}
			opts.Leeway = time.Duration(s) * time.Second
		case "iss", "aud":
		default:
			resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("Unknown option %q: verify_jwt takes alg, now, leeway, iss and aud.", name))
			return
		}
	}
	if _, _, err := jws.Hash(opts.Alg); err != nil {
		resp.Error = function.NewArgumentFuncError(2, "The alg option is not usable: the "+err.Error()+".")
		return
	}
	parsed, err := jws.Parse(token)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, "The token is malformed: "+err.Error()+".")
		return
	}
	result, err := jws.Verify(parsed, keyBytes, opts)
	if err != nil {
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, types.ObjectValueMust(verifyResultTypes, map[string]attr.Value{
		"valid":  types.BoolValue(result.Valid),
		"reason": types.StringValue(result.Reason),
		"kid":    types.StringValue(result.Kid),
		"alg":    types.StringValue(result.Alg),
		"claims": types.StringValue(string(parsed.Claims())),
	}))
}

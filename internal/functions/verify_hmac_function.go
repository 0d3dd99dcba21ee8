package functions

import (
	"context"
	"crypto/hmac"
	"encoding/hex"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/layeron/terraform-provider-layeron/internal/jws"
)

var _ function.Function = (*verifyHMACFunction)(nil)

// NewVerifyHMACFunction returns provider::layeron::verify_hmac.
func NewVerifyHMACFunction() function.Function { return &verifyHMACFunction{} }

type verifyHMACFunction struct{}

func (f *verifyHMACFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "verify_hmac"
}

func (f *verifyHMACFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Verify an HMAC signature",
		MarkdownDescription: "Returns whether `signature` (hex, any case) is the HMAC of `message` under `key`, compared in constant time. " +
			"A wrong signature returns `false`; only a malformed argument is an error.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "key", MarkdownDescription: "Secret key; must not be empty."},
			function.StringParameter{Name: "message", MarkdownDescription: "Signed message."},
			function.StringParameter{Name: "signature", MarkdownDescription: "Signature to check, in hex."},
			function.StringParameter{Name: "algorithm", MarkdownDescription: "`HS256`, `HS384` or `HS512` (or `sha256`, `sha384`, `sha512`)."},
		},
		Return: function.BoolReturn{},
	}
}

func (f *verifyHMACFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var key, message, signature, algorithm string
	resp.Error = req.Arguments.Get(ctx, &key, &message, &signature, &algorithm)
	if resp.Error != nil {
		return
	}
	if key == "" {
		resp.Error = function.NewArgumentFuncError(0, "The key must not be empty.")
		return
	}
	sig, err := hex.DecodeString(strings.ToLower(signature))
	if err != nil || len(sig) == 0 {
		resp.Error = function.NewArgumentFuncError(2, "The signature must be a non-empty hex string, as hmac() returns.")
		return
	}
	newHash, _, err := jws.Hash(algorithm)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(3, "The "+err.Error()+".")
		return
	}
	resp.Error = resp.Result.Set(ctx, hmac.Equal(jws.MAC(newHash, []byte(key), []byte(message)), sig))
}

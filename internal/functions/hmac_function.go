package functions

import (
	"context"
	"encoding/hex"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/layeron/terraform-provider-layeron/internal/jws"
)

var _ function.Function = (*hmacFunction)(nil)

// NewHMACFunction returns provider::layeron::hmac.
func NewHMACFunction() function.Function { return &hmacFunction{} }

type hmacFunction struct{}

func (f *hmacFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "hmac"
}

func (f *hmacFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Sign a message with HMAC",
		MarkdownDescription: "Returns the HMAC of `message` under `key` as lowercase hex: the signature that the `hmac()` method of the `secret` module of `@layeron/modules` (Layeron's TypeScript API for Workers) makes from the same key and message. " +
			"The key is used as its UTF-8 bytes (a Layeron random secret is base64url text and is used as such).",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "key", MarkdownDescription: "Secret key; must not be empty. Sensitive and ephemeral values are accepted."},
			function.StringParameter{Name: "message", MarkdownDescription: "Message to sign."},
			function.StringParameter{Name: "algorithm", MarkdownDescription: "`HS256`, `HS384` or `HS512` (or `sha256`, `sha384`, `sha512`)."},
		},
		Return: function.StringReturn{},
	}
}

func (f *hmacFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var key, message, algorithm string
	resp.Error = req.Arguments.Get(ctx, &key, &message, &algorithm)
	if resp.Error != nil {
		return
	}
	if key == "" {
		resp.Error = function.NewArgumentFuncError(0, "The key must not be empty.")
		return
	}
	newHash, _, err := jws.Hash(algorithm)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(2, "The "+err.Error()+".")
		return
	}
	resp.Error = resp.Result.Set(ctx, hex.EncodeToString(jws.MAC(newHash, []byte(key), []byte(message))))
}

// Package framework holds what the provider's resources, data sources and
// provider configuration share on top of terraform-plugin-framework: the
// identifier validator, the version object, and the shape of store errors.
package framework

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var _ validator.String = identifierValidator{}

// NameValidator checks a Layeron secret name.
func NameValidator() validator.String {
	return identifierValidator{what: "name", check: versions.ValidateName}
}

// NamespaceValidator checks a Layeron namespace.
func NamespaceValidator() validator.String {
	return identifierValidator{what: "namespace", check: versions.ValidateNamespace}
}

// TextValidator checks free text that the secret's comment keeps, which
// the comment read back may not hold: control characters, newlines and
// tabs among them, or invalid UTF-8.
func TextValidator(what string) validator.String {
	return identifierValidator{what: what, check: versions.ValidateText, description: "must be printable text on one line: no control characters, newlines or tabs"}
}

type identifierValidator struct {
	what        string
	check       func(string) error
	description string
}

func (v identifierValidator) Description(context.Context) string {
	if v.description != "" {
		return v.description
	}
	return "must be letters, digits and underscores joined by single dashes"
}

func (v identifierValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v identifierValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		summary, detail := "Invalid "+strings.ToUpper(v.what[:1])+v.what[1:], fmt.Sprintf("The %s %q %s.", v.what, req.ConfigValue.ValueString(), err)
		if v.description != "" {
			summary, detail = "Invalid Text", fmt.Sprintf("The %s %q %s: it %s.", v.what, req.ConfigValue.ValueString(), err, v.description)
		}
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

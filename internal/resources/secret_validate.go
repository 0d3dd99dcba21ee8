package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// ValidateConfig checks the rules that depend on the kind of secret; the
// schema's validators check each attribute on its own.
func (r *secretResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if !nestedObjectsKnown(req.Config) {
		return
	}
	var config secretModel
	resp.Diagnostics.Append(getSecretModel(ctx, req.Config, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateDeclaration(&config, &resp.Diagnostics)
}

// nestedObjectsKnown reports whether each nested object of the declaration
// is known or null. One that comes whole from another resource's output is
// unknown until apply, and the model cannot hold it: the checks wait for
// apply, where Terraform validates the whole declaration again.
func nestedObjectsKnown(config tfsdk.Config) bool {
	// The raw value, not the framework's: this runs on every validation and
	// plan, and converting each object would cost more than the check.
	var root map[string]tftypes.Value
	if !config.Raw.IsKnown() || config.Raw.As(&root) != nil {
		return false
	}
	rotation := root["rotation"]
	for _, o := range []tftypes.Value{rotation, root["consume"], root["ownership"]} {
		if !o.IsKnown() {
			return false
		}
	}
	if rotation.IsNull() {
		return true
	}
	var policy map[string]tftypes.Value
	return rotation.As(&policy) == nil && policy["retain"].IsKnown()
}

// validateDeclaration checks the rules between attributes. Terraform
// validates the configuration again at apply, when a declaration unknown at
// plan time is known.
func validateDeclaration(config *secretModel, diags *diag.Diagnostics) {
	if config.Kind.IsUnknown() {
		return
	}
	switch config.kind() {
	case kindStatic:
		validateStatic(config, diags)
	case kindRandom:
		validateNoValue(config, "the provider makes it from crypto/rand", diags)
		validateRandom(config, diags)
	case kindGenerated:
		validateNoValue(config, "an outside flow writes it", diags)
		validateGenerated(config, diags)
	}
	validateRetention(config, diags)
}

func attributeNotAllowed(diags *diag.Diagnostics, attr, why string) {
	diags.AddAttributeError(path.Root(attr), "Attribute Not Allowed", why)
}

// validateNoValue refuses a value on a kind whose value the configuration
// does not give.
func validateNoValue(c *secretModel, source string, diags *diag.Diagnostics) {
	for _, attr := range []struct {
		name  string
		value types.String
	}{{"value", c.Value}, {"value_wo", c.ValueWO}, {"value_wo_version", c.ValueWOVersion}} {
		if !attr.value.IsNull() {
			attributeNotAllowed(diags, attr.name, fmt.Sprintf("A %s secret takes no value: %s. Remove %s, or use kind = \"static\".", c.kind(), source, attr.name))
		}
	}
}

func validateStatic(c *secretModel, diags *diag.Diagnostics) {
	if !c.Bytes.IsNull() {
		attributeNotAllowed(diags, "bytes", "A static secret's value comes from value_wo or value, so bytes does not apply. Remove bytes.")
	}
	switch {
	case !c.Value.IsNull() && !c.ValueWO.IsNull():
		diags.AddAttributeError(path.Root("value"), "Conflicting Values", "Set only one of value_wo (preferred, never stored) and value.")
	case c.Value.IsNull() && c.ValueWO.IsNull():
		diags.AddAttributeError(path.Root("value_wo"), "Missing Value",
			"A static secret needs a value: set value_wo with value_wo_version (Terraform or OpenTofu 1.11 or later), or value on older engines.")
	}
	for _, attr := range []struct {
		name  string
		value types.String
	}{{"value", c.Value}, {"value_wo", c.ValueWO}} {
		if attr.value.IsNull() || attr.value.IsUnknown() {
			continue
		}
		if err := versions.CheckValue(attr.value.ValueString(), c.ValueFormat.ValueString()); err != nil {
			diags.AddAttributeError(path.Root(attr.name), "Invalid Secret Value", "The value "+err.Error()+".")
		}
	}
}

func validateRandom(c *secretModel, diags *diag.Diagnostics) {
	if n := c.Bytes; !n.IsNull() && !n.IsUnknown() && (n.ValueInt64() < rotation.MinRandomBytes || n.ValueInt64() > rotation.MaxRandomBytes) {
		diags.AddAttributeError(path.Root("bytes"), "Invalid Byte Count",
			fmt.Sprintf("A random secret takes %d to %d bytes, got %d.", rotation.MinRandomBytes, rotation.MaxRandomBytes, n.ValueInt64()))
	}
	if f := c.ValueFormat; !f.IsUnknown() && f.ValueString() != "" && f.ValueString() != versions.DefaultFormat {
		diags.AddAttributeError(path.Root("value_format"), "Invalid Value Format",
			fmt.Sprintf("A random secret's value is base64url text, so value_format must be \"text\", got %q.", f.ValueString()))
	}
}

func validateGenerated(c *secretModel, diags *diag.Diagnostics) {
	if n := c.Bytes; !n.IsNull() && !n.IsUnknown() && (n.ValueInt64() < 1 || n.ValueInt64() > versions.MaxValueBytes) {
		diags.AddAttributeError(path.Root("bytes"), "Invalid Byte Count",
			fmt.Sprintf("The expected byte count must be from 1 to %d, got %d.", versions.MaxValueBytes, n.ValueInt64()))
	}
}

// validateRetention checks that a rotation says something, and that days
// goes with, and only with, retain_for.
func validateRetention(c *secretModel, diags *diag.Diagnostics) {
	if c.Rotation != nil && c.Rotation.EveryDays.IsNull() && c.Rotation.Retain == nil {
		diags.AddAttributeError(path.Root("rotation"), "Empty Rotation",
			"A rotation needs every_days (a schedule), retain (the policy of rotations asked for by triggers or new values), or both. Set one, or remove rotation.")
	}
	if c.Rotation == nil || c.Rotation.Retain == nil || c.Rotation.Retain.Mode.IsUnknown() {
		return
	}
	retain := c.Rotation.Retain
	daysPath := path.Root("rotation").AtName("retain").AtName("days")
	switch mode := retain.Mode.ValueString(); {
	case mode == versions.RetainFor && retain.Days.IsNull():
		diags.AddAttributeError(daysPath, "Missing Retention Days", "retain_for keeps previous versions for a number of days: set days (at least 1).")
	case mode != versions.RetainFor && !retain.Days.IsNull():
		diags.AddAttributeError(daysPath, "Attribute Not Allowed", fmt.Sprintf("days applies only to mode = \"retain_for\", not %q. Remove days.", mode))
	}
}

package resources

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// The framework's Get and Set of a struct check each field's tag with a
// regular expression compiled anew for every field on every call
// (terraform-plugin-framework#725): for the secret's 22 attributes that was
// most of the provider's own work per call. The secret's model is read from
// and written to an object value instead, attribute by attribute; its small
// nested models still go through the framework.

// modelSource is a configuration, plan or state to read a model from.
type modelSource interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}

// modelTarget is a plan or state to write a model to.
type modelTarget interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// secretAttrTypes are the types of the secret's attributes, from its schema.
var secretAttrTypes = sync.OnceValue(func() map[string]attr.Type {
	var resp resource.SchemaResponse
	(&secretResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return resp.Schema.Type().(attr.TypeWithAttributeTypes).AttributeTypes()
})

// getSecretModel reads the whole secret from src into m.
func getSecretModel(ctx context.Context, src modelSource, m *secretModel) diag.Diagnostics {
	var object types.Object
	diags := src.Get(ctx, &object)
	if diags.HasError() {
		return diags
	}
	if object.IsNull() || object.IsUnknown() {
		diags.AddError("Unable to Read Secret",
			"The provider was sent a secret that is null or unknown as a whole, which it cannot read. This is a bug in the provider: please report it.")
		return diags
	}
	a := object.Attributes()
	*m = secretModel{
		ID:               a["id"].(types.String),
		Name:             a["name"].(types.String),
		Namespace:        a["namespace"].(types.String),
		Kind:             a["kind"].(types.String),
		Bytes:            a["bytes"].(types.Int64),
		ValueWO:          a["value_wo"].(types.String),
		ValueWOVersion:   a["value_wo_version"].(types.String),
		Value:            a["value"].(types.String),
		ValueFormat:      a["value_format"].(types.String),
		RotationTriggers: a["rotation_triggers"].(types.Map),
		Scopes:           a["scopes"].(types.Set),
		StoreID:          a["store_id"].(types.String),
		SecretName:       a["secret_name"].(types.String),
		CurrentVersion:   a["current_version"].(types.String),
		NextRotationAt:   a["next_rotation_at"].(types.String),
		Fulfilled:        a["fulfilled"].(types.Bool),
		Versions:         a["versions"].(types.List),
		Bindings:         a["bindings"].(types.List),
		ModuleConfig:     a["module_config"].(types.String),
	}
	diags.Append(getNestedModel(ctx, a["rotation"], &m.Rotation)...)
	diags.Append(getNestedModel(ctx, a["consume"], &m.Consume)...)
	diags.Append(getNestedModel(ctx, a["ownership"], &m.Ownership)...)
	return diags
}

// setSecretModel writes the whole secret m to dst.
func setSecretModel(ctx context.Context, dst modelTarget, m *secretModel) diag.Diagnostics {
	attrTypes := secretAttrTypes()
	var diags diag.Diagnostics
	object, d := types.ObjectValue(attrTypes, map[string]attr.Value{
		"id":                m.ID,
		"name":              m.Name,
		"namespace":         m.Namespace,
		"kind":              m.Kind,
		"bytes":             m.Bytes,
		"value_wo":          m.ValueWO,
		"value_wo_version":  m.ValueWOVersion,
		"value":             m.Value,
		"value_format":      m.ValueFormat,
		"rotation":          nestedValue(ctx, attrTypes["rotation"], m.Rotation, &diags),
		"rotation_triggers": m.RotationTriggers,
		"consume":           nestedValue(ctx, attrTypes["consume"], m.Consume, &diags),
		"ownership":         nestedValue(ctx, attrTypes["ownership"], m.Ownership, &diags),
		"scopes":            m.Scopes,
		"store_id":          m.StoreID,
		"secret_name":       m.SecretName,
		"current_version":   m.CurrentVersion,
		"next_rotation_at":  m.NextRotationAt,
		"fulfilled":         m.Fulfilled,
		"versions":          m.Versions,
		"bindings":          m.Bindings,
		"module_config":     m.ModuleConfig,
	})
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	return append(diags, dst.Set(ctx, object)...)
}

// getNestedModel reads a nested object into a model, nil when it is null.
func getNestedModel[T any](ctx context.Context, value attr.Value, target **T) diag.Diagnostics {
	object := value.(types.Object)
	if object.IsNull() {
		*target = nil
		return nil
	}
	*target = new(T)
	return object.As(ctx, *target, basetypes.ObjectAsOptions{})
}

// nestedValue is the object value of a nested model, null when it is nil.
func nestedValue[T any](ctx context.Context, typ attr.Type, m *T, diags *diag.Diagnostics) attr.Value {
	attrTypes := typ.(attr.TypeWithAttributeTypes).AttributeTypes()
	if m == nil {
		return types.ObjectNull(attrTypes)
	}
	object, d := types.ObjectValueFrom(ctx, attrTypes, m)
	diags.Append(d...)
	return object
}

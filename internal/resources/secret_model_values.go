package resources

import (
	"context"
	"fmt"
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
	attrTypes := make(map[string]attr.Type, len(resp.Schema.Attributes))
	for name, attribute := range resp.Schema.Attributes {
		attrTypes[name] = attribute.GetType()
	}
	return attrTypes
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
		ID:               attribute[types.String](a, "id", &diags),
		Name:             attribute[types.String](a, "name", &diags),
		Namespace:        attribute[types.String](a, "namespace", &diags),
		Kind:             attribute[types.String](a, "kind", &diags),
		Bytes:            attribute[types.Int64](a, "bytes", &diags),
		ValueWO:          attribute[types.String](a, "value_wo", &diags),
		ValueWOVersion:   attribute[types.String](a, "value_wo_version", &diags),
		Value:            attribute[types.String](a, "value", &diags),
		ValueFormat:      attribute[types.String](a, "value_format", &diags),
		RotationTriggers: attribute[types.Map](a, "rotation_triggers", &diags),
		Scopes:           attribute[types.Set](a, "scopes", &diags),
		StoreID:          attribute[types.String](a, "store_id", &diags),
		SecretName:       attribute[types.String](a, "secret_name", &diags),
		CurrentVersion:   attribute[types.String](a, "current_version", &diags),
		NextRotationAt:   attribute[types.String](a, "next_rotation_at", &diags),
		Fulfilled:        attribute[types.Bool](a, "fulfilled", &diags),
		Versions:         attribute[types.List](a, "versions", &diags),
		Bindings:         attribute[types.List](a, "bindings", &diags),
		ModuleConfig:     attribute[types.String](a, "module_config", &diags),
	}
	diags.Append(getNestedModel(ctx, a, "rotation", &m.Rotation)...)
	diags.Append(getNestedModel(ctx, a, "consume", &m.Consume)...)
	diags.Append(getNestedModel(ctx, a, "ownership", &m.Ownership)...)
	return diags
}

// setSecretModel writes the whole secret m to dst.
func setSecretModel(ctx context.Context, dst modelTarget, m *secretModel) diag.Diagnostics {
	attrTypes := secretAttrTypes()
	var diags diag.Diagnostics
	rotation := nestedValue(ctx, attrTypes["rotation"], m.Rotation, &diags)
	consume := nestedValue(ctx, attrTypes["consume"], m.Consume, &diags)
	ownership := nestedValue(ctx, attrTypes["ownership"], m.Ownership, &diags)
	if diags.HasError() {
		return diags
	}
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
		"rotation":          rotation,
		"rotation_triggers": m.RotationTriggers,
		"consume":           consume,
		"ownership":         ownership,
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

// attribute is attribute name of a, which the schema makes a T.
func attribute[T attr.Value](a map[string]attr.Value, name string, diags *diag.Diagnostics) T {
	value, ok := a[name].(T)
	if !ok {
		diags.AddError("Unable to Read Secret",
			fmt.Sprintf("Attribute %q of the secret is a %T where the provider expects a %T. This is a bug in the provider: please report it.", name, a[name], value))
	}
	return value
}

// getNestedModel reads a nested object into a model, nil when it is null.
func getNestedModel[T any](ctx context.Context, a map[string]attr.Value, name string, target **T) diag.Diagnostics {
	var diags diag.Diagnostics
	object := attribute[types.Object](a, name, &diags)
	*target = nil
	if diags.HasError() || object.IsNull() {
		return diags
	}
	*target = new(T)
	return object.As(ctx, *target, basetypes.ObjectAsOptions{})
}

// nestedValue is the object value of a nested model, null when it is nil.
func nestedValue[T any](ctx context.Context, typ attr.Type, m *T, diags *diag.Diagnostics) attr.Value {
	objectType, ok := typ.(types.ObjectType)
	if !ok {
		diags.AddError("Unable to Write Secret",
			fmt.Sprintf("A nested attribute of the secret is a %T where the provider expects an object. This is a bug in the provider: please report it.", typ))
		return nil
	}
	attrTypes := objectType.AttrTypes
	if m == nil {
		return types.ObjectNull(attrTypes)
	}
	object, d := types.ObjectValueFrom(ctx, attrTypes, m)
	diags.Append(d...)
	return object
}

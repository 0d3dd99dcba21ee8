package resources

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// The secret's model is read and written attribute by attribute; it must
// mean what the framework's own reflection over its tfsdk tags means, for
// every attribute.
func TestSecretModelValuesMatchTheFramework(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	m := fullSecretModel(t)

	var resp resource.SchemaResponse
	(&secretResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	empty := tftypes.NewValue(resp.Schema.Type().TerraformType(ctx), nil)
	ours := tfsdk.State{Schema: resp.Schema, Raw: empty}
	theirs := tfsdk.State{Schema: resp.Schema, Raw: empty}
	if diags := setSecretModel(ctx, &ours, &m); diags.HasError() {
		t.Fatalf("setSecretModel: %v", diags)
	}
	if diags := theirs.Set(ctx, &m); diags.HasError() {
		t.Fatalf("State.Set: %v", diags)
	}
	if differ := differentAttributes(t, ours.Raw, theirs.Raw); len(differ) > 0 {
		t.Fatalf("setSecretModel and the framework write different %v", differ)
	}

	var got secretModel
	if diags := getSecretModel(ctx, theirs, &got); diags.HasError() {
		t.Fatalf("getSecretModel: %v", diags)
	}
	if !framework.SameModel(&got, &m) {
		back := tfsdk.State{Schema: resp.Schema, Raw: empty}
		if diags := back.Set(ctx, &got); diags.HasError() {
			t.Fatalf("State.Set of what getSecretModel read: %v", diags)
		}
		t.Fatalf("getSecretModel read different %v", differentAttributes(t, back.Raw, theirs.Raw))
	}
}

// differentAttributes names the top-level attributes of two states that
// differ, without their values.
func differentAttributes(t *testing.T, a, b tftypes.Value) []string {
	t.Helper()
	var left, right map[string]tftypes.Value
	if err := a.As(&left); err != nil {
		t.Fatal(err)
	}
	if err := b.As(&right); err != nil {
		t.Fatal(err)
	}
	var differ []string
	for name, value := range left {
		if !value.Equal(right[name]) {
			differ = append(differ, name)
		}
	}
	slices.Sort(differ)
	return differ
}

// fullSecretModel is a secret with every attribute and nested attribute set,
// so that a mapping that leaves one out cannot pass for one that does not.
func fullSecretModel(t *testing.T) secretModel {
	t.Helper()
	m := secretModel{
		ID:               types.StringValue("ns/k"),
		Name:             types.StringValue("k"),
		Namespace:        types.StringValue("ns"),
		Kind:             types.StringValue(kindRandom),
		Bytes:            types.Int64Value(48),
		ValueWO:          types.StringValue("write-only"),
		ValueWOVersion:   types.StringValue("7"),
		Value:            types.StringValue("literal"),
		ValueFormat:      types.StringValue("base64"),
		Rotation:         &rotationModel{EveryDays: types.Int64Value(30), StartAt: timetypes.NewRFC3339TimeValue(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)), Retain: &retainModel{Mode: types.StringValue("retain_for"), Days: types.Int64Value(7)}},
		RotationTriggers: types.MapValueMust(types.StringType, map[string]attr.Value{"deploy": types.StringValue("1")}),
		Consume:          &consumeModel{Address: types.StringValue("API_KEY"), Expose: types.StringValue(exposeVersioned)},
		Ownership:        &ownershipModel{OwnerProduct: types.StringValue("billing"), OwnerInstanceID: types.StringValue("eu-1"), Purpose: types.StringValue("webhooks")},
		Scopes:           types.SetValueMust(types.StringType, []attr.Value{types.StringValue("workers")}),
		StoreID:          types.StringValue("store"),
		SecretName:       types.StringValue("ns--k"),
		NextRotationAt:   types.StringValue("2026-02-01T03:04:05Z"),
		ModuleConfig:     types.StringValue(`{"kind":"random"}`),
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m.setVersions([]versions.Version{
		{Version: 2, SecretName: "ns--k", ActiveFrom: at.Add(time.Hour), Current: true},
		{Version: 1, SecretName: "ns--k--v1", ActiveFrom: at, RetiredAt: at.Add(time.Hour), ExpiresAt: at.Add(8 * 24 * time.Hour)},
	}, "store")
	assertNoNullField(t, reflect.ValueOf(m), "secretModel")
	return m
}

func assertNoNullField(t *testing.T, v reflect.Value, name string) {
	t.Helper()
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			t.Fatalf("%s is nil", name)
		}
		v = v.Elem()
	}
	if value, ok := v.Interface().(attr.Value); ok {
		if value.IsNull() || value.IsUnknown() {
			t.Fatalf("%s is not set", name)
		}
		return
	}
	for i := range v.NumField() {
		assertNoNullField(t, v.Field(i), name+"."+v.Type().Field(i).Name)
	}
}

package framework

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type innerModel struct {
	Days types.Int64 `tfsdk:"days"`
}

type outerModel struct {
	Name  types.String `tfsdk:"name"`
	Tags  types.List   `tfsdk:"tags"`
	Inner *innerModel  `tfsdk:"inner"`
}

func TestSameModel(t *testing.T) {
	t.Parallel()
	tags := func(v ...string) types.List {
		elems := make([]attr.Value, len(v))
		for i, s := range v {
			elems[i] = types.StringValue(s)
		}
		return types.ListValueMust(types.StringType, elems)
	}
	base := func() outerModel {
		return outerModel{Name: types.StringValue("a"), Tags: tags("x"), Inner: &innerModel{Days: types.Int64Value(7)}}
	}
	for _, tc := range []struct {
		name   string
		change func(*outerModel)
		same   bool
	}{
		{"unchanged", func(*outerModel) {}, true},
		{"a new but equal nested model", func(m *outerModel) { m.Inner = &innerModel{Days: types.Int64Value(7)} }, true},
		{"a string", func(m *outerModel) { m.Name = types.StringValue("b") }, false},
		{"known to unknown", func(m *outerModel) { m.Name = types.StringUnknown() }, false},
		{"known to null", func(m *outerModel) { m.Name = types.StringNull() }, false},
		{"a list element", func(m *outerModel) { m.Tags = tags("y") }, false},
		{"a list element added", func(m *outerModel) { m.Tags = tags("x", "y") }, false},
		{"a nested value", func(m *outerModel) { m.Inner.Days = types.Int64Value(8) }, false},
		{"a nested model removed", func(m *outerModel) { m.Inner = nil }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := base(), base()
			tc.change(&b)
			if got := SameModel(&a, &b); got != tc.same {
				t.Errorf("SameModel = %v, want %v", got, tc.same)
			}
		})
	}
}

// Fields SameModel cannot compare as attributes make models differ, and
// nil ones neither panic nor pass for set ones.
func TestSameModelUnusualFields(t *testing.T) {
	t.Parallel()
	type plain struct{ Names []string }
	p := plain{Names: []string{"a"}}
	if SameModel(&p, &p) {
		t.Error("a plain Go field compared as the same")
	}
	type hidden struct{ name types.String }
	h := hidden{name: types.StringValue("a")}
	if SameModel(&h, &h) {
		t.Error("an unexported field compared as the same")
	}
	type loose struct {
		Any attr.Value
		Ptr *types.String
	}
	set := types.StringValue("a")
	empty, full := loose{}, loose{Any: set, Ptr: &set}
	if !SameModel(&empty, &empty) || !SameModel(&full, &full) {
		t.Error("equal interface or pointer fields compared as different")
	}
	if SameModel(&empty, &full) || SameModel(&full, &empty) {
		t.Error("a nil field compared as the same as a set one")
	}
}

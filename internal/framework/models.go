package framework

import (
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
)

// SameModel reports whether two models of one type hold equal values: each
// attr.Value field Equal, each nested model nil in both or the same.
// Writing a model back costs a conversion of every attribute, so a method
// that changed nothing skips it. A field it cannot compare (a plain Go
// value, an unexported field) makes the models differ, never the same.
func SameModel[T any](a, b *T) bool {
	return sameValue(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

func sameValue(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	}
	if va, ok := a.Interface().(attr.Value); ok {
		vb, _ := b.Interface().(attr.Value)
		return va.Equal(vb)
	}
	if a.Kind() != reflect.Struct {
		return false
	}
	for i := range a.NumField() {
		if !a.Type().Field(i).IsExported() || !sameValue(a.Field(i), b.Field(i)) {
			return false
		}
	}
	return true
}

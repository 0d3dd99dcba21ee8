package framework

import (
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
)

var attrValue = reflect.TypeFor[attr.Value]()

// SameModel reports whether two models of one type hold equal values: each
// attr.Value field Equal, each nested model pointer nil in both or the same.
// Writing a model back costs a conversion of every attribute, so a method
// that changed nothing skips it.
func SameModel[T any](a, b *T) bool {
	return sameStruct(reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
}

func sameStruct(a, b reflect.Value) bool {
	for i := range a.NumField() {
		fa, fb := a.Field(i), b.Field(i)
		switch {
		case fa.Type().Implements(attrValue):
			va, _ := fa.Interface().(attr.Value)
			vb, _ := fb.Interface().(attr.Value)
			if !va.Equal(vb) {
				return false
			}
		case fa.Kind() == reflect.Pointer && fa.Type().Elem().Kind() == reflect.Struct:
			if fa.IsNil() || fb.IsNil() {
				if fa.IsNil() != fb.IsNil() {
					return false
				}
				continue
			}
			if !sameStruct(fa.Elem(), fb.Elem()) {
				return false
			}
		case fa.Kind() == reflect.Struct:
			if !sameStruct(fa, fb) {
				return false
			}
		default:
			// A field the framework cannot hold as a value: never assume it
			// unchanged.
			return false
		}
	}
	return true
}

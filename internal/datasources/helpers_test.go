package datasources_test

import "github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

func tfjsonpathValues(i int, attr string) tfjsonpath.Path {
	return tfjsonpath.New("values").AtSliceIndex(i).AtMapKey(attr)
}

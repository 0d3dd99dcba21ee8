package framework

import (
	"maps"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// VersionAttrTypes are the attributes of a version object, as the resource's
// versions and the data source's values list them.
var VersionAttrTypes = map[string]attr.Type{
	"version":     types.StringType,
	"secret_name": types.StringType,
	"active_from": types.StringType,
	"retired_at":  types.StringType,
	"expires_at":  types.StringType,
	"current":     types.BoolType,
}

// VersionAttributes renders a version into the attributes of
// VersionAttrTypes.
func VersionAttributes(v versions.Version) map[string]attr.Value {
	return map[string]attr.Value{
		"version":     types.StringValue(strconv.Itoa(v.Version)),
		"secret_name": types.StringValue(v.SecretName),
		"active_from": TimeValue(v.ActiveFrom),
		"retired_at":  TimeValue(v.RetiredAt),
		"expires_at":  TimeValue(v.ExpiresAt),
		"current":     types.BoolValue(v.Current),
	}
}

// VersionAttrTypesWith returns VersionAttrTypes and more attributes.
func VersionAttrTypesWith(more map[string]attr.Type) map[string]attr.Type {
	all := maps.Clone(VersionAttrTypes)
	maps.Copy(all, more)
	return all
}

// TimeValue is an instant as RFC 3339 in UTC, null when zero.
func TimeValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

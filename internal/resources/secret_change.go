package resources

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// declared is what plan asks of the secret, against state, as the version
// model's decision reads it.
func (m *secretModel) declared(state *secretModel) versions.Declared {
	d := versions.Declared{
		Kind:         m.kind(),
		Triggers:     triggersDigest(m.RotationTriggers),
		WOVersion:    m.ValueWOVersion.ValueString(),
		ValueChanged: !m.Value.Equal(state.Value),
	}
	if s, ok := m.schedule(); ok {
		d.Schedule = s
	}
	return d
}

// nextRotation is when the current version of list is next due under the
// plan's schedule.
func nextRotation(plan *secretModel, family versions.Family, list []versions.Version) types.String {
	s, ok := plan.schedule()
	if !ok || family.Current == nil || !family.Current.Marked {
		return types.StringNull()
	}
	for _, v := range list {
		if v.Current {
			return framework.TimeValue(s.Next(family.Current.Created, v.ActiveFrom))
		}
	}
	return types.StringNull()
}

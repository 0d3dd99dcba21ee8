package resources

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// change is what an update of a secret does to its current version; what
// becomes of the retained copies is the retention policy's to decide.
type change struct {
	// rotate makes a new version, with a new value for random and static.
	rotate bool
	// newValue is set when the configuration brings a new static value.
	newValue bool
	// record records a value written by an outside flow (generated).
	record bool
	// recreate writes the current secret again, deleted outside Terraform,
	// as a new version.
	recreate bool
	// outsideValue is set when the current value was written from outside
	// since the provider last looked.
	outsideValue bool
	due          bool
	dueAt        time.Time
}

func (c change) newVersion() bool { return c.rotate || c.record || c.recreate }

// planChange decides what an update does. It is used at plan time and again
// at apply time, with the same inputs, so both agree. rec is what the
// provider recorded of the secret.
func planChange(state, plan *secretModel, family versions.Family, now time.Time, rec record) change {
	var c change
	current := family.Current
	if current != nil && current.Marked {
		if s, ok := plan.schedule(); ok {
			c.dueAt = s.Next(current.Created, current.Meta.From)
			c.due = !now.Before(c.dueAt)
		}
	}
	if current == nil && plan.kind() != kindGenerated {
		c.recreate = true
		return c
	}
	c.outsideValue = current != nil && current.Marked && rec.outsideValueWrite(current)
	switch plan.kind() {
	case kindRandom:
		// An outside value is replaced by one of the provider's, and kept
		// as a copy when the policy keeps versions.
		c.rotate = c.due || triggersChanged(plan, current) || c.outsideValue
	case kindStatic:
		if current != nil && current.Marked {
			c.newValue = plan.ValueWOVersion.ValueString() != current.Meta.WOVersion || !plan.Value.Equal(state.Value)
		}
		c.rotate = c.newValue || c.outsideValue
	case kindGenerated:
		// An edit of the comment or scopes alone is restored, not recorded.
		// A record from before metadata digests cannot tell the two apart.
		c.record = current != nil && (!current.Marked || c.outsideValue || (rec.Metadata == "" && rec.modifiedSince(current)))
	}
	return c
}

// triggersChanged compares the planned triggers with those recorded on the
// current version, so an apply retried after a lost answer does not rotate
// twice. Only a change from some triggers to others rotates: setting them
// for the first time records them, and removing them (null or {}), as an
// import's generated configuration does, forgets them, without rotating.
func triggersChanged(plan *secretModel, current *versions.Member) bool {
	planned := triggersDigest(plan.RotationTriggers)
	if current == nil || !current.Marked || current.Meta.Triggers == "" || planned == "" {
		return false
	}
	return planned != current.Meta.Triggers
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

package versions

import "time"

// Declared is what a configuration asks of a secret, as the decision of a
// change reads it.
type Declared struct {
	Kind string
	// Schedule is the rotation schedule; none when EveryDays is 0.
	Schedule Schedule
	// Triggers is the digest of rotation_triggers, "" for none (null or
	// empty, which mean the same).
	Triggers string
	// WOVersion is value_wo_version; ValueChanged reports a new value of
	// a static secret's value attribute.
	WOVersion    string
	ValueChanged bool
}

// Seen is what a writer last saw of the current secret: its modified time
// (RFC 3339, to the nanosecond) and the digest of its comment and scopes.
// The zero Seen knows nothing, as for a writer without a record.
type Seen struct {
	Modified string
	Metadata string
}

// OutsideValueWrite reports whether current was written since it was
// seen, its value alone: its comment and scopes are as they were.
func (s Seen) OutsideValueWrite(current *Member) bool {
	return current != nil && s.Modified != "" && s.Metadata != "" &&
		current.Modified.Format(time.RFC3339Nano) != s.Modified && MetadataDigest(current.StoreSecret) == s.Metadata
}

// ModifiedSince reports whether current was written at all since it was
// seen.
func (s Seen) ModifiedSince(current *Member) bool {
	return current != nil && s.Modified != "" && current.Modified.Format(time.RFC3339Nano) != s.Modified
}

// Change is what applying a declaration does to a secret's current
// version; what becomes of its retained copies is the retention policy's
// to decide.
type Change struct {
	// Rotate makes a new version, with a new value for random and static.
	Rotate bool
	// NewValue is set when the configuration brings a new static value.
	NewValue bool
	// Record records a value an outside flow wrote (generated).
	Record bool
	// Recreate writes the current secret again, deleted outside, as a new
	// version.
	Recreate bool
	// OutsideValue is set when the current value was written from outside
	// since it was seen.
	OutsideValue bool
	// Due is set when a scheduled rotation is due, since DueAt.
	Due   bool
	DueAt time.Time
}

// NewVersion reports whether the change makes a new version.
func (c Change) NewVersion() bool { return c.Rotate || c.Record || c.Recreate }

// Decide decides what applying declaration d to family f, last seen as
// seen, does at the decision time at. The plan and the apply of a plan
// pass the same at, the time of the refresh the plan was made from, so
// that both decide the same.
func Decide(f Family, d Declared, seen Seen, at time.Time) Change {
	var c Change
	current := f.Current
	marked := current != nil && current.Marked
	if marked && d.Schedule.EveryDays > 0 {
		c.DueAt = d.Schedule.Next(current.Created, current.Meta.From)
		c.Due = !at.Before(c.DueAt)
	}
	if current == nil && d.Kind != KindGenerated {
		c.Recreate = true
		return c
	}
	c.OutsideValue = marked && seen.OutsideValueWrite(current)
	switch d.Kind {
	case KindRandom:
		// An outside value is replaced by one of the provider's, and kept
		// as a copy when the policy keeps versions.
		c.Rotate = c.Due || TriggersChanged(current, d.Triggers) || c.OutsideValue
	case KindStatic:
		c.NewValue = marked && (d.WOVersion != current.Meta.WOVersion || d.ValueChanged)
		c.Rotate = c.NewValue || c.OutsideValue
	case KindGenerated:
		// An edit of the comment or scopes alone is restored, not recorded.
		// A record from before metadata digests cannot tell the two apart.
		c.Record = current != nil && (!marked || c.OutsideValue || (seen.Metadata == "" && seen.ModifiedSince(current)))
	}
	return c
}

// TriggersChanged compares planned triggers with those recorded on the
// current version, so that an apply retried after a lost answer does not
// rotate twice. Only a change from some triggers to others rotates:
// setting them for the first time records them, and removing them, as an
// import's generated configuration does, forgets them, without rotating.
func TriggersChanged(current *Member, planned string) bool {
	if current == nil || !current.Marked || current.Meta.Triggers == "" || planned == "" {
		return false
	}
	return planned != current.Meta.Triggers
}

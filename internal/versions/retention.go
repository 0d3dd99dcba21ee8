package versions

import (
	"slices"
	"time"
)

// Retention is a retention policy: how long a version stays in the store,
// as a retained copy, once a rotation retires it.
type Retention struct {
	Mode string // RetainNone, RetainFor or RetainForever
	Days int    // for RetainFor only
}

// Expiry returns when a copy retired at until stops being retained under the
// policy, and whether it is retained forever.
func (p Retention) Expiry(until time.Time) (expires time.Time, never bool) {
	if p.Mode == RetainForever {
		return time.Time{}, true
	}
	return until.Add(time.Duration(p.Days) * Day), false
}

// Keeps reports whether a rotation under the policy keeps the retired
// version as a copy.
func (p Retention) Keeps() bool { return p.Mode != RetainNone }

// Retire returns the metadata of the copy that rotation by keeps of version
// meta once it is retired at until: its identity, when it was current and
// when it expires, without the declaration, which only the current secret
// carries.
func (p Retention) Retire(meta Meta, until time.Time, by string) Meta {
	retired := Meta{Namespace: meta.Namespace, Name: meta.Name, Kind: meta.Kind, Version: meta.Version, From: meta.From,
		Retired: true, Until: until, MadeBy: by}
	retired.Expires, retired.ExpiresNever = p.Expiry(until)
	return retired
}

// CopyPlan is what a retention policy makes of a family's retained copies
// at an instant.
type CopyPlan struct {
	// Keep is the family's versions once the plan is carried out, newest
	// first, each copy with its expiry under the policy.
	Keep []Version
	// Restamp are the copies whose recorded expiry the policy changes; their
	// Meta holds the new one.
	Restamp []Member
	// Prune are the copies whose retention has ended, every copy under
	// mode none.
	Prune []Member
}

// Apply judges each retained copy of the family under the policy at now.
// The current version is always kept. The copy of the current value is a
// rotation's lock, whichever writer made it: it is never listed, and never
// pruned while its lease runs, under any mode, so that no writer deletes
// another's lock and lets a second rotation write the same version. Past
// the lease it holds a value the current secret holds too, and goes.
func (p Retention) Apply(f Family, now time.Time) CopyPlan {
	var plan CopyPlan
	if f.Current != nil && f.Current.Marked {
		plan.Keep = append(plan.Keep, f.Versions()[0])
	}
	for _, c := range f.Copies {
		if f.isLock(c) {
			if _, lock := f.RotationLock("", now); lock == LockStale {
				plan.Prune = append(plan.Prune, c)
			}
			continue
		}
		expires, never := p.Expiry(c.Meta.Until)
		if !p.Keeps() || (!never && !now.Before(expires)) {
			plan.Prune = append(plan.Prune, c)
			continue
		}
		if never != c.Meta.ExpiresNever || !expires.Equal(c.Meta.Expires) {
			c.Meta.Expires, c.Meta.ExpiresNever = expires, never
			plan.Restamp = append(plan.Restamp, c)
		}
		plan.Keep = append(plan.Keep, copyVersion(c))
	}
	return plan
}

// ApplyRotating is Apply for a change that rotates the secret: the copy of
// the current value is the rotation's to reuse, replace or stop at, so the
// prune leaves it, whoever made it.
func (p Retention) ApplyRotating(f Family, now time.Time) CopyPlan {
	plan := p.Apply(f, now)
	plan.Prune = slices.DeleteFunc(plan.Prune, f.isLock)
	return plan
}

package versions

import "time"

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

// Apply judges each retained copy of the family under the policy at now,
// for a writer that does not rotate the secret and has no rotation of its
// own in flight; see ApplyFor.
func (p Retention) Apply(f Family, now time.Time) CopyPlan { return p.ApplyFor(f, now, "", false) }

// ApplyFor judges each retained copy of the family under the policy at now,
// for the writer whose rotation token is by, which rotates the secret or
// not. The current version is always kept. The copy of the current value
// is a rotation's lock, whichever writer made it: it is never listed, and
// a rotating writer leaves it to its rotation, which reuses, replaces or
// stops at it. Any other writer prunes it only when its rotation is over:
// its own, or one whose lease has run out; never another writer's live
// lock, under any mode, so that no second rotation writes the same
// version.
func (p Retention) ApplyFor(f Family, now time.Time, by string, rotating bool) CopyPlan {
	var plan CopyPlan
	if f.Current != nil && f.Current.Marked {
		plan.Keep = append(plan.Keep, f.Versions()[0])
	}
	for _, c := range f.Copies {
		if f.isLock(c) {
			if _, lock := f.RotationLock(by, now); !rotating && (lock == LockStale || lock == LockOwn) {
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

// CopySlotNeeded reports whether rotating the family's current version,
// by the writer whose rotation token is by, makes a copy that stays: one
// more store secret against the account's quota. Under retention none the
// copy lasts only the rotation, which checks the quota when it makes it;
// a lock copy that already exists is reused or replaced.
func (p Retention) CopySlotNeeded(f Family, by string, now time.Time) bool {
	_, lock := f.RotationLock(by, now)
	return p.Keeps() && f.Current != nil && lock == LockFree
}

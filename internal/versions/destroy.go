package versions

import (
	"fmt"
	"strings"
	"time"
)

// Destroyed is what destroying a secret deletes: every retained copy, and
// its current secret when that carries Layeron metadata. A store secret
// without the marker is never deleted.
func (f Family) Destroyed() []Member {
	doomed := append([]Member(nil), f.Copies...)
	if f.Current != nil && f.Current.Marked {
		doomed = append(doomed, *f.Current)
	}
	return doomed
}

// DescribeDestroyed names, for a plan, each store secret that destroying
// the family deletes and, for a retained copy, how long its retention would
// still have run at now.
func (f Family) DescribeDestroyed(now time.Time) string {
	var parts []string
	for _, m := range f.Destroyed() {
		what := fmt.Sprintf("the current version %d", m.Meta.Version)
		switch {
		case !m.Meta.Retired:
		case f.isLock(m):
			what = "the copy a rotation in flight made"
		case m.Meta.ExpiresNever:
			what = fmt.Sprintf("version %d, retained forever", m.Meta.Version)
		case now.Before(m.Meta.Expires):
			what = fmt.Sprintf("version %d, retained until %s", m.Meta.Version, m.Meta.Expires.UTC().Format(time.RFC3339))
		default:
			what = fmt.Sprintf("version %d, expired", m.Meta.Version)
		}
		parts = append(parts, fmt.Sprintf("%q (%s)", m.Name, what))
	}
	return strings.Join(parts, ", ")
}

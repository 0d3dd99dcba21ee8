package versions

import "time"

// Planned is a version as a plan shows it: the instants only the apply
// sets are unknown until then.
type Planned struct {
	Version
	ActiveFromAtApply bool
	RetiredAtApply    bool
	ExpiresAtApply    bool
}

// After lists, newest first, the family's versions once version next
// replaces its current one: next itself, current from an instant the apply
// reads or sets; the replaced version as a copy
// when the change retires it (a rotation, not a value found written over
// or missing) and the policy keeps versions; and the copies the policy
// keeps at decided. Only the instants an apply sets are left unknown, so a
// plan shows every number and store secret name it will bind.
func (p Retention) After(f Family, decided time.Time, next int, retires bool) []Planned {
	out := []Planned{{
		Version:           Version{Version: next, SecretName: CurrentName(f.Namespace, f.Name), Current: true},
		ActiveFromAtApply: true,
	}}
	if c := f.Current; retires && p.Keeps() && c != nil && c.Marked {
		out = append(out, Planned{
			Version:        Version{Version: c.Meta.Version, SecretName: CopyName(f.Namespace, f.Name, c.Meta.Version), ActiveFrom: c.Meta.From},
			RetiredAtApply: true,
			ExpiresAtApply: p.Mode != RetainForever,
		})
	}
	for _, v := range p.Apply(f, decided).Keep {
		if !v.Current {
			out = append(out, Planned{Version: v})
		}
	}
	return out
}

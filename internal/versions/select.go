package versions

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Selectors of a version read.
const (
	SelectCurrent = "current"
	SelectVersion = "version"
	SelectAt      = "at"
	SelectActive  = "active"
)

// Selector says which versions a read wants.
type Selector struct {
	Kind    string
	Version int
	At      time.Time
}

// Select picks versions out of list (newest first) and returns them newest
// first. Version N is current in [ActiveFrom, RetiredAt); it is usable from
// ActiveFrom until it expires (never for the current version or a copy kept
// forever), which is the key set a verifier accepts during a rotation overlap.
func Select(list []Version, sel Selector) ([]Version, error) {
	if len(list) == 0 {
		return nil, fmt.Errorf("it has no version in the store yet")
	}
	switch sel.Kind {
	case SelectCurrent:
		for _, v := range list {
			if v.Current {
				return []Version{v}, nil
			}
		}
		return nil, fmt.Errorf("it has no current version; retained versions: %s", describe(list))
	case SelectVersion:
		for _, v := range list {
			if v.Version == sel.Version {
				return []Version{v}, nil
			}
		}
		return nil, fmt.Errorf("version %d is not in the store; the store holds %s", sel.Version, describe(list))
	case SelectAt:
		for _, v := range list {
			if !sel.At.Before(v.ActiveFrom) && (v.Current || sel.At.Before(v.RetiredAt)) {
				return []Version{v}, nil
			}
		}
		oldest := list[len(list)-1]
		if sel.At.Before(oldest.ActiveFrom) {
			return nil, fmt.Errorf("%s is before the oldest retained version (%d, current from %s); the store holds %s",
				sel.At.Format(time.RFC3339), oldest.Version, oldest.ActiveFrom.Format(time.RFC3339), describe(list))
		}
		return nil, fmt.Errorf("the version current at %s is no longer retained; the store holds %s", sel.At.Format(time.RFC3339), describe(list))
	case SelectActive:
		var out []Version
		for _, v := range list {
			if !sel.At.Before(v.ActiveFrom) && (v.Current || v.ExpiresAt.IsZero() || sel.At.Before(v.ExpiresAt)) {
				out = append(out, v)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no version is usable at %s; the store holds %s", sel.At.Format(time.RFC3339), describe(list))
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown selector %q", sel.Kind)
}

// describe lists versions for error messages: "3 (current from …), 2 (…)".
func describe(list []Version) string {
	parts := make([]string, len(list))
	for i, v := range list {
		switch {
		case v.Current:
			parts[i] = strconv.Itoa(v.Version) + " (current since " + v.ActiveFrom.Format(time.RFC3339) + ")"
		default:
			parts[i] = fmt.Sprintf("%d (current %s to %s)", v.Version, v.ActiveFrom.Format(time.RFC3339), v.RetiredAt.Format(time.RFC3339))
		}
	}
	return strings.Join(parts, ", ")
}

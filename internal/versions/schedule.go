package versions

import "time"

// Day is the unit of rotation and retention periods. Periods are counted in
// fixed 24-hour days on UTC instants, so daylight-saving changes never shift
// a schedule.
const Day = 24 * time.Hour

// Schedule is a rotation policy: every EveryDays days, starting at StartAt
// when set, otherwise one period after the secret was created.
type Schedule struct {
	EveryDays int
	StartAt   time.Time // zero when unset
}

// Next returns the first scheduled rotation strictly after from, the time the
// current version became current. created is when the secret was first made.
//
// Scheduled times are StartAt + k·period for k ≥ 0, or created + k·period for
// k ≥ 1 without StartAt. Whatever number of periods were missed, the next
// time is a single instant, so a late apply rotates once.
func (s Schedule) Next(created, from time.Time) time.Time {
	base, first := s.StartAt, int64(0)
	if base.IsZero() {
		base, first = created, 1
	}
	// Whole seconds, not a time.Duration, which overflows past 292 years
	// and would make a start_at in the distant past always due.
	period := int64(s.EveryDays) * int64(Day/time.Second)
	at := func(k int64) time.Time { return time.Unix(base.Unix()+k*period, int64(base.Nanosecond())).UTC() }
	if from.Before(base) {
		return at(first)
	}
	k := (from.Unix()-base.Unix())/period + 1
	// The seconds ignore the instants' fractions: step back or on once.
	if at(k - 1).After(from) {
		k--
	}
	if !at(k).After(from) {
		k++
	}
	return at(k)
}

package versions

import (
	"testing"
	"time"
)

// decideFamily is secret ns/k, created and current from created at
// version 1, its comment recording triggers "t1" and value_wo_version "1".
func decideFamily(kind string, created time.Time) Family {
	current := &Member{
		StoreSecret: StoreSecret{ID: "c", Name: "ns--k", Comment: "layeron:1", Created: created, Modified: created},
		Meta:        Meta{Namespace: "ns", Name: "k", Kind: kind, Version: 1, From: created, Triggers: "t1", WOVersion: "1"},
		Marked:      true,
	}
	return Family{Namespace: "ns", Name: "k", Current: current}
}

// The decision runs at plan and again at apply. Only random secrets rotate
// on schedule; static and generated ones are reported due (the plan warns)
// and wait for a new value.
func TestDecideOnSchedule(t *testing.T) {
	t.Parallel()
	created := ts("2026-11-26T04:00:00Z")
	firstDue := created.Add(30 * Day)
	for _, tc := range []struct {
		name      string
		kind      string
		days      int
		woVersion string
		due       bool
		rotate    bool
	}{
		{"random, not yet due", KindRandom, 29, "1", false, false},
		{"random, due", KindRandom, 30, "1", true, true},
		{"random, three periods missed", KindRandom, 95, "1", true, true},
		{"static, due", KindStatic, 30, "1", true, false},
		{"static, due, new value", KindStatic, 30, "2", true, true},
		{"static, new value before due", KindStatic, 3, "2", false, true},
		{"generated, due", KindGenerated, 30, "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := Declared{Kind: tc.kind, Schedule: Schedule{EveryDays: 30}, WOVersion: tc.woVersion, Triggers: "t1"}
			c := Decide(decideFamily(tc.kind, created), d, Seen{}, created.Add(time.Duration(tc.days)*Day))
			if c.Due != tc.due || c.Rotate != tc.rotate {
				t.Errorf("due = %v, rotate = %v; want %v, %v", c.Due, c.Rotate, tc.due, tc.rotate)
			}
			if !c.DueAt.Equal(firstDue) {
				t.Errorf("due at %s, want %s whatever the periods missed", c.DueAt, firstDue)
			}
		})
	}
}

// Every rule of the decision besides the schedule.
func TestDecide(t *testing.T) {
	t.Parallel()
	created := ts("2026-11-26T04:00:00Z")
	at := created.Add(Day)
	seenAsCreated := Seen{Modified: created.Format(time.RFC3339Nano), Metadata: MetadataDigest(StoreSecret{Comment: "layeron:1"})}
	written := func(f Family, comment string) Family {
		c := *f.Current
		c.Modified, c.Comment = created.Add(time.Hour), comment
		f.Current = &c
		return f
	}
	missing := func(f Family) Family { f.Current = nil; return f }
	unmarked := func(f Family) Family { c := *f.Current; c.Marked = false; f.Current = &c; return f }
	for _, tc := range []struct {
		name     string
		family   Family
		declared Declared
		seen     Seen
		want     Change
	}{
		{"random, nothing changed", decideFamily(KindRandom, created), Declared{Kind: KindRandom, Triggers: "t1"}, seenAsCreated, Change{}},
		{"random, triggers changed", decideFamily(KindRandom, created), Declared{Kind: KindRandom, Triggers: "t2"}, seenAsCreated, Change{Rotate: true}},
		{"random, triggers removed", decideFamily(KindRandom, created), Declared{Kind: KindRandom}, seenAsCreated, Change{}},
		{"random, value written outside", written(decideFamily(KindRandom, created), "layeron:1"), Declared{Kind: KindRandom, Triggers: "t1"}, seenAsCreated,
			Change{Rotate: true, OutsideValue: true}},
		{"random, comment edited outside", written(decideFamily(KindRandom, created), "layeron:1 edited"), Declared{Kind: KindRandom, Triggers: "t1"}, seenAsCreated, Change{}},
		{"random, written outside, never seen", written(decideFamily(KindRandom, created), "layeron:1"), Declared{Kind: KindRandom, Triggers: "t1"}, Seen{}, Change{}},
		{"random, deleted outside", missing(decideFamily(KindRandom, created)), Declared{Kind: KindRandom}, seenAsCreated, Change{Recreate: true}},
		{"static, new value_wo_version", decideFamily(KindStatic, created), Declared{Kind: KindStatic, WOVersion: "2"}, seenAsCreated, Change{Rotate: true, NewValue: true}},
		{"static, new value", decideFamily(KindStatic, created), Declared{Kind: KindStatic, WOVersion: "1", ValueChanged: true}, seenAsCreated, Change{Rotate: true, NewValue: true}},
		{"static, value written outside", written(decideFamily(KindStatic, created), "layeron:1"), Declared{Kind: KindStatic, WOVersion: "1"}, seenAsCreated,
			Change{Rotate: true, OutsideValue: true}},
		{"generated, nothing changed", decideFamily(KindGenerated, created), Declared{Kind: KindGenerated}, seenAsCreated, Change{}},
		{"generated, not yet fulfilled", missing(decideFamily(KindGenerated, created)), Declared{Kind: KindGenerated}, seenAsCreated, Change{}},
		{"generated, value written outside", written(decideFamily(KindGenerated, created), "layeron:1"), Declared{Kind: KindGenerated}, seenAsCreated,
			Change{Record: true, OutsideValue: true}},
		{"generated, comment edited outside", written(decideFamily(KindGenerated, created), "layeron:1 edited"), Declared{Kind: KindGenerated}, seenAsCreated, Change{}},
		{"generated, written since a record without digest", written(decideFamily(KindGenerated, created), "layeron:1 edited"), Declared{Kind: KindGenerated},
			Seen{Modified: seenAsCreated.Modified}, Change{Record: true}},
		{"generated, a value of another tool to adopt", unmarked(decideFamily(KindGenerated, created)), Declared{Kind: KindGenerated}, seenAsCreated, Change{Record: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Decide(tc.family, tc.declared, tc.seen, at); got != tc.want {
				t.Errorf("Decide = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// Only a change from some triggers to others rotates.
func TestTriggersChanged(t *testing.T) {
	t.Parallel()
	f := decideFamily(KindRandom, ts("2026-11-26T04:00:00Z"))
	none := decideFamily(KindRandom, ts("2026-11-26T04:00:00Z"))
	none.Current.Meta.Triggers = ""
	for _, tc := range []struct {
		name    string
		current *Member
		planned string
		want    bool
	}{
		{"the same", f.Current, "t1", false},
		{"others", f.Current, "t2", true},
		{"removed", f.Current, "", false},
		{"set for the first time", none.Current, "t2", false},
		{"no current secret", nil, "t2", false},
	} {
		if got := TriggersChanged(tc.current, tc.planned); got != tc.want {
			t.Errorf("%s: TriggersChanged = %v, want %v", tc.name, got, tc.want)
		}
	}
}

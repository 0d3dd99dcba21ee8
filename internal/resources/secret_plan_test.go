package resources

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// planChange decides, at plan and again at apply, whether an update makes a
// new version. Only random secrets rotate on schedule; static and generated
// ones are reported due (the plan warns) and wait for a new value.
func TestPlanChangeOnSchedule(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)
	firstDue := created.Add(30 * versions.Day)
	for _, tc := range []struct {
		name      string
		kind      string
		days      int
		woVersion string
		due       bool
		rotate    bool
	}{
		{"random, not yet due", kindRandom, 29, "1", false, false},
		{"random, due", kindRandom, 30, "1", true, true},
		{"random, three periods missed", kindRandom, 95, "1", true, true},
		{"static, due", kindStatic, 30, "1", true, false},
		{"static, due, new value", kindStatic, 30, "2", true, true},
		{"static, new value before due", kindStatic, 3, "2", false, true},
		{"generated, due", kindGenerated, 30, "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			model := &secretModel{
				Name: types.StringValue("k"), Namespace: types.StringValue("ns"), Kind: types.StringValue(tc.kind),
				Value: types.StringNull(), ValueWOVersion: types.StringValue(tc.woVersion), RotationTriggers: types.MapNull(types.StringType),
				Rotation: &rotationModel{EveryDays: types.Int64Value(30), StartAt: timetypes.NewRFC3339Null()},
			}
			current := versions.Member{
				StoreSecret: versions.StoreSecret{Name: "ns--k", Created: created, Modified: created},
				Meta:        versions.Meta{Namespace: "ns", Name: "k", Kind: tc.kind, Version: 1, From: created, WOVersion: "1"},
				Marked:      true,
			}
			family := versions.Family{Namespace: "ns", Name: "k", Current: &current}

			c := planChange(model, model, family, created.Add(time.Duration(tc.days)*versions.Day), record{})
			if c.due != tc.due || c.rotate != tc.rotate {
				t.Errorf("due = %v, rotate = %v; want %v, %v", c.due, c.rotate, tc.due, tc.rotate)
			}
			if !c.dueAt.Equal(firstDue) {
				t.Errorf("due at %s, want %s whatever the periods missed", c.dueAt, firstDue)
			}
		})
	}
}

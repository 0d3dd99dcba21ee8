package resources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// noValueLeak fails when a secret value of the test's namespace appears in
// state or plan: every string in them is checked against the values the
// store holds (through the emulator's digests, so random values are found
// too), and against the known values given.
type noValueLeak struct {
	env   *acctest.Env
	known []string
}

func (c noValueLeak) scan(doc any) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	for _, v := range c.known {
		if strings.Contains(string(b), v) {
			return fmt.Errorf("a secret value appears in %T", doc)
		}
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return err
	}
	secrets := c.env.Emulator.Secrets(c.env.AccountID)
	var walk func(any) error
	walk = func(n any) error {
		switch n := n.(type) {
		case string:
			for _, s := range secrets {
				if c.env.Emulator.ValueEquals(c.env.AccountID, s.Name, n) {
					return fmt.Errorf("the value of store secret %s appears in %T", s.Name, doc)
				}
			}
		case []any:
			for _, e := range n {
				if err := walk(e); err != nil {
					return err
				}
			}
		case map[string]any:
			for _, e := range n {
				if err := walk(e); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(tree)
}

func (c noValueLeak) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := c.scan(req.State); err != nil {
		resp.Error = err
	}
}

func (c noValueLeak) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if err := c.scan(req.Plan); err != nil {
		resp.Error = err
	}
}

var (
	_ statecheck.StateCheck = noValueLeak{}
	_ plancheck.PlanCheck   = noValueLeak{}
)

// Retention policies as the rotation tests write them.
const (
	retainForever = `{ mode = "retain_forever" }`
	retainNone    = `{ mode = "none" }`
	retainWeek    = `{ mode = "retain_for", days = 7 }`
)

// triggeredSecrets declares random secrets of the given names as
// layeron_secret.test (counted when there are several), kept under retain
// and rotated whenever reason changes.
func triggeredSecrets(retain, reason string, names ...string) string {
	count, name := "", fmt.Sprintf("%q", names[0])
	if len(names) > 1 {
		b, _ := json.Marshal(names)
		count, name = fmt.Sprintf("  count             = %d\n", len(names)), string(b)+"[count.index]"
	}
	return fmt.Sprintf(`
resource "layeron_secret" "test" {
%s  name              = %s
  kind              = "random"
  rotation          = { every_days = 30, retain = %s }
  rotation_triggers = { reason = %q }
}
`, count, name, retain, reason)
}

package resources_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// requestsSince checks the emulator's counters since the last reset, then
// resets them: exactly want, and nothing else.
type requestsSince struct {
	env  *acctest.Env
	want map[string]int
}

func (c requestsSince) check() error {
	got := map[string]int{}
	for _, r := range c.env.Emulator.Requests() {
		got[r.Route]++
	}
	c.env.Emulator.ResetCounters()
	if !maps.Equal(got, c.want) {
		return fmt.Errorf("requests: got %v, want %v", got, c.want)
	}
	return nil
}

func (c requestsSince) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check()
}

// TestSecretRequestCounts pins the API cost of planning many secrets: one
// listing of the store serves the refresh and the plan of all of them,
// instead of a request per secret.
func TestSecretRequestCounts(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	const n = 40
	hcl := func(days int) string {
		return e.Configf(`
resource "layeron_secret" "test" {
  count    = %d
  name     = "key_${count.index}"
  kind     = "random"
  rotation = { every_days = %d, retain = { mode = "retain_for", days = 7 } }
}
`, n, days)
	}
	reset := func() { e.Emulator.ResetCounters() }
	counted := func(want map[string]int) resource.TestCheckFunc {
		return func(*terraform.State) error { return requestsSince{env: e, want: want}.check() }
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				// Planning n new secrets costs three requests in all.
				PreConfig: reset,
				Config:    hcl(30),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The plan of n new secrets: the store, its listing, and
					// the quota they must fit in.
					requestsSince{env: e, want: map[string]int{"GET /stores": 1, "GET /secrets": 1, "GET /quota": 1}},
				}},
			},
			{
				// Refresh and plan of n unchanged secrets: an empty plan
				// for one store lookup and one listing.
				PreConfig: reset,
				Config:    hcl(30),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					requestsSince{env: e, want: map[string]int{"GET /stores": 1, "GET /secrets": 1}},
				}},
			},
			{
				// With the provider's store_id set, as the official provider
				// requires it, the same plan is the listing alone.
				PreConfig: reset,
				Config:    e.ConfigWith(fmt.Sprintf("max_retries = 2\n  store_id = %q", e.StoreID(t)), strings.TrimPrefix(hcl(30), e.ProviderConfig())),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					requestsSince{env: e, want: map[string]int{"GET /secrets": 1}},
				}},
			},
			{
				// A policy change re-stamps each secret's comment: the plan
				// and the apply each list the store once, then one PATCH per
				// secret, since the provider keeps the listing current itself.
				PreConfig: reset,
				Config:    hcl(60),
				Check: counted(map[string]int{
					"GET /stores": 2, "GET /secrets": 2, "PATCH /secrets/{id}": n,
				}),
			},
		},
	})
}

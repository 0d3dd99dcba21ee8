package resources_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// A rotation is duplicate → patch → prune. Interrupted at each step, the
// next apply must converge with every retained version kept, each holding
// its own value, and no version number used twice.
func TestSecretRotationInterrupted(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	copyOf := func(v int) string { return versions.CopyName(e.Namespace, "k", v) }
	config := func(reason string) string {
		return e.Config(triggeredSecrets(retainForever, reason, "k"))
	}
	values := map[int]string{}
	remember := func(v int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			values[v] = e.Emulator.Fingerprint(e.AccountID, current)
			return nil
		}
	}
	kept := func(vs ...int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			want := []string{current}
			for _, v := range vs {
				want = append(want, copyOf(v))
				if got := e.Emulator.Fingerprint(e.AccountID, copyOf(v)); got != values[v] {
					return fmt.Errorf("the copy of version %d does not hold version %d's value", v, v)
				}
			}
			return storeHas(e, want...)(nil)
		}
	}
	failing := func(f emulator.Fault) func() {
		return func() { e.Emulator.AddFault(f) }
	}
	steps := []resource.TestStep{
		// Version 1 is created.
		{Config: config("1"), Check: remember(1)},
		// The duplicate fails before committing: nothing changed.
		{
			PreConfig:   failing(emulator.Fault{Route: "POST /secrets/{id}/duplicate", Status: http.StatusInternalServerError, Times: 3}),
			Config:      config("2"),
			ExpectError: regexp.MustCompile(`Unable to Rotate Secret`),
		},
		// The next apply rotates: version 2, with version 1's value in its copy.
		{Config: config("2"), Check: resource.ComposeTestCheckFunc(kept(1), remember(2)),
			ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))}},
		{
			// The duplicate commits but its answer is lost, and its retry is
			// refused because the name is taken: the rotation finds the copy
			// it made and goes on, without duplicating the value again.
			PreConfig: func() {
				e.Emulator.AddFault(emulator.Fault{Route: "POST /secrets/{id}/duplicate", Status: http.StatusBadGateway, AfterCommit: true})
			},
			Config:            config("3"),
			Check:             resource.ComposeTestCheckFunc(kept(1, 2), remember(3)),
			ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("3"))},
		},
		// The patch fails: the copy exists, the value is unchanged.
		{
			PreConfig:   failing(emulator.Fault{Route: "PATCH /secrets/{id}", Status: http.StatusServiceUnavailable, Times: 3}),
			Config:      config("4"),
			ExpectError: regexp.MustCompile(`Unable to Rotate Secret`),
		},
		{
			// The next apply finishes the rotation: version 4, with the
			// copies of 1 to 3 holding their values.
			Config:            config("4"),
			Check:             resource.ComposeTestCheckFunc(kept(1, 2, 3), remember(4)),
			ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("4"))},
		},
		// The patch commits but every answer is lost: the next refresh sees
		// version 5, and the plan only records the new trigger in state
		// rather than rotating a second time.
		{
			PreConfig:   failing(emulator.Fault{Route: "PATCH /secrets/{id}", Status: http.StatusBadGateway, AfterCommit: true, Times: 3}),
			Config:      config("5"),
			ExpectError: regexp.MustCompile(`Unable to Rotate Secret`),
		},
		{
			// The plan already knows version 5, and the apply keeps it
			// without rotating again; copies 1 to 4 are intact.
			Config: config("5"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(addr, tfjsonpath.New("current_version"), knownvalue.StringExact("5")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("5"))},
			Check:             kept(1, 2, 3, 4),
		},
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.Factories(), Steps: steps, CheckDestroy: storeHas(e)})
}

// A create whose answer is lost leaves a Layeron secret that no state holds.
// The next apply takes it over as a rotation, so the value it held is kept
// as a retained copy rather than overwritten.
func TestSecretCreateAnswerLost(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	config := e.Config(`
resource "layeron_secret" "test" {
  name     = "k"
  kind     = "random"
  rotation = { every_days = 30, retain = { mode = "retain_forever" } }
}
`)
	var lost string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// The create is carried out but every answer is lost: the
				// apply fails.
				PreConfig: func() {
					e.Emulator.AddFault(emulator.Fault{Route: "POST /secrets", Status: http.StatusBadGateway, AfterCommit: true, Times: 3})
				},
				Config:      config,
				ExpectError: regexp.MustCompile(`Unable to Create Secret`),
			},
			{
				// The next plan creates it again, and the apply takes the
				// lost secret over: its value kept as version 1, a new
				// value as version 2.
				PreConfig: func() { lost = e.Emulator.Fingerprint(e.AccountID, current) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
				Check: resource.ComposeTestCheckFunc(storeHas(e, current, copy1), func(*terraform.State) error {
					if lost == "" || e.Emulator.Fingerprint(e.AccountID, copy1) != lost {
						return fmt.Errorf("the value written by the lost create is not kept as version 1")
					}
					if e.Emulator.Fingerprint(e.AccountID, current) == lost {
						return fmt.Errorf("the take-over did not write a new value")
					}
					return nil
				}),
			},
		},
	})
}

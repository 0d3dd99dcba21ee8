package resources_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

const addr = "layeron_secret.test"

func expect(attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

// storeHas checks the store secrets of the test's namespace, by name.
func storeHas(e *acctest.Env, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var names []string
		for _, s := range e.Emulator.Secrets(e.AccountID) {
			if strings.HasPrefix(s.Name, e.Namespace+"--") {
				names = append(names, s.Name)
			}
		}
		slices.Sort(want)
		if !slices.Equal(names, want) {
			return fmt.Errorf("store holds %v, want %v", names, want)
		}
		return nil
	}
}

func TestSecretRandomLifecycle(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "api_key")
	copy1 := versions.CopyName(e.Namespace, "api_key", 1)
	config := func(retain string, triggers string) string {
		return e.Configf(`
resource "layeron_secret" "test" {
  name = "api_key"
  kind = "random"
  rotation = {
    every_days = 30
    retain     = %s
  }
  rotation_triggers = %s
}
`, retain, triggers)
	}
	retain7 := `{ mode = "retain_for", days = 7 }`
	var firstValue string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// Created: version 1 of 32 random bytes, due in 30 days, with
				// its module_config, versions, bindings and marked comment.
				Config: config(retain7, "null"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("id", knownvalue.StringExact(e.Namespace+"/api_key")),
					expect("namespace", knownvalue.StringExact(e.Namespace)),
					expect("bytes", knownvalue.Int64Exact(32)),
					expect("secret_name", knownvalue.StringExact(current)),
					expect("current_version", knownvalue.StringExact("1")),
					expect("fulfilled", knownvalue.Bool(true)),
					expect("next_rotation_at", knownvalue.StringExact("2026-12-26T04:00:00Z")),
					expect("module_config", knownvalue.StringExact(`{"kind":"secret","name":"api_key","namespace":"`+e.Namespace+`","secretKind":"random","bytes":32,`+
						`"rotation":{"everyDays":30,"retain":{"mode":"retain_for","days":7}},"value":{"format":"text"},"consume":{"expose":"current"},`+
						`"generated":{"type":"random","bytes":32}}`)),
					expect("versions", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"version": knownvalue.StringExact("1"), "secret_name": knownvalue.StringExact(current),
						"active_from": knownvalue.StringExact("2026-11-26T04:00:00Z"), "retired_at": knownvalue.Null(),
						"expires_at": knownvalue.Null(), "current": knownvalue.Bool(true),
					})})),
					expect("bindings", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("API_KEY"), "type": knownvalue.StringExact("secrets_store_secret"), "secret_name": knownvalue.StringExact(current),
					})})),
				},
				Check: resource.ComposeTestCheckFunc(
					storeHas(e, current),
					func(*terraform.State) error {
						s, _ := e.Emulator.Secret(e.AccountID, current)
						if s.ValueSize != 43 {
							return fmt.Errorf("32 random bytes are 43 base64url characters, the store holds %d", s.ValueSize)
						}
						if !strings.HasPrefix(s.Comment, "layeron:1 ns="+e.Namespace+" name=api_key kind=random v=1 from=2026-11-26T04:00:00Z") {
							return fmt.Errorf("comment %q", s.Comment)
						}
						firstValue = e.Emulator.Fingerprint(e.AccountID, current)
						return nil
					},
				),
			},
			{
				// Nothing is due: the plan is empty.
				PreConfig:        func() { e.Fake.AdvanceDays(29) },
				Config:           config(retain7, "null"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// Due after 30 days: the plan shows an in-place update to
				// version 2, and the old value is kept as a copy.
				PreConfig: func() { e.Fake.AdvanceDays(2) },
				Config:    config(retain7, "null"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("current_version"), knownvalue.StringExact("2")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("2")),
					expect("next_rotation_at", knownvalue.StringExact("2027-01-25T04:00:00Z")),
					expect("versions", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"version": knownvalue.StringExact("2"), "active_from": knownvalue.StringExact("2026-12-27T04:00:00Z"), "current": knownvalue.Bool(true)}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"version": knownvalue.StringExact("1"), "secret_name": knownvalue.StringExact(copy1),
							"retired_at": knownvalue.StringExact("2026-12-27T04:00:00Z"), "expires_at": knownvalue.StringExact("2027-01-03T04:00:00Z"), "current": knownvalue.Bool(false),
						}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(
					storeHas(e, current, copy1),
					func(*terraform.State) error {
						if got := e.Emulator.Fingerprint(e.AccountID, copy1); got != firstValue {
							return fmt.Errorf("the copy of version 1 does not hold version 1's value")
						}
						if e.Emulator.Fingerprint(e.AccountID, current) == firstValue {
							return fmt.Errorf("the rotation did not change the current value")
						}
						return nil
					},
				),
			},
			{
				// After 7 days the copy expires: the plan shows the pruning.
				PreConfig: func() { e.Fake.AdvanceDays(7) },
				Config:    config(retain7, "null"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("versions"), knownvalue.ListSizeExact(1)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
				Check:             storeHas(e, current),
			},
			{
				// Triggers set for the first time, under a new retention
				// policy: nothing rotates, version 2 stays current.
				Config: config(`{ mode = "retain_forever" }`, `{ reason = "leak-2026-12" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("2")),
				},
			},
			{
				// A changed trigger rotates now: version 3 is current, and
				// version 2 is kept as a copy that never expires.
				Config: config(`{ mode = "retain_forever" }`, `{ reason = "leak-2027-01" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("3")),
					expect("versions", knownvalue.ListPartial(map[int]knownvalue.Check{
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"version": knownvalue.StringExact("2"), "expires_at": knownvalue.Null()}),
					})),
				},
				Check: storeHas(e, current, versions.CopyName(e.Namespace, "api_key", 2)),
			},
			{
				// A policy change re-stamps the retained copy of version 2:
				// it now expires 30 days after its retirement.
				Config: config(`{ mode = "retain_for", days = 30 }`, `{ reason = "leak-2027-01" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("versions", knownvalue.ListPartial(map[int]knownvalue.Check{
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"version": knownvalue.StringExact("2"), "expires_at": knownvalue.StringExact("2027-02-02T04:00:00Z")}),
					})),
				},
			},
			{
				// Imported by namespace/name, the state matches what apply
				// wrote (triggers are not in the store).
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        e.Namespace + "/api_key",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"rotation_triggers"},
			},
			{
				// A bare name is looked up in the provider's namespace, and
				// imports the same state.
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        "api_key",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"rotation_triggers"},
			},
			{
				// Deleted outside Terraform: the next plan writes it again in
				// place as version 4, after the deleted version 3, keeping
				// the retained copy of version 2.
				PreConfig: func() { e.Emulator.Remove(e.AccountID, current) },
				Config:    config(`{ mode = "retain_for", days = 30 }`, `{ reason = "leak-2027-01" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("4"))},
				Check:             storeHas(e, current, versions.CopyName(e.Namespace, "api_key", 2)),
			},
		},
	})
}

// A rotation without every_days is a retention policy for the rotations
// asked for: no schedule and no due date, and a trigger keeps the previous
// version for the days retain says. start_at needs a schedule, and an empty
// rotation is refused.
func TestSecretRetentionWithoutSchedule(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	config := func(rotation, reason string) string {
		return e.Configf(`
resource "layeron_secret" "test" {
  name              = "k"
  kind              = "random"
  rotation          = %s
  rotation_triggers = { reason = %q }
}
`, rotation, reason)
	}
	retain7 := `{ retain = { mode = "retain_for", days = 7 } }`
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				Config:      config(`{ start_at = "2027-01-01T00:00:00Z", retain = { mode = "none" } }`, "1"),
				ExpectError: regexp.MustCompile(`(?s)"rotation.every_days" must be specified when "rotation.start_at"`),
			},
			{
				Config:      config(`{}`, "1"),
				ExpectError: regexp.MustCompile(`Empty Rotation`),
			},
			{
				// Version 1, never due.
				Config: config(retain7, "1"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("1")),
					expect("next_rotation_at", knownvalue.Null()),
					expect("module_config", knownvalue.StringRegexp(regexp.MustCompile(`"rotation":\{"retain":\{"mode":"retain_for","days":7\}\}`))),
				},
				Check: func(*terraform.State) error {
					first = e.Emulator.Fingerprint(e.AccountID, current)
					return nil
				},
			},
			{
				// A year on, still nothing to do.
				PreConfig: func() { e.Fake.AdvanceDays(365) },
				Config:    config(retain7, "1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// The trigger rotates, and version 1 is kept for 7 days.
				Config: config(retain7, "2"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("2")),
					expect("versions", knownvalue.ListPartial(map[int]knownvalue.Check{
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"version": knownvalue.StringExact("1"), "secret_name": knownvalue.StringExact(copy1)}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(storeHas(e, current, copy1), func(*terraform.State) error {
					if e.Emulator.Fingerprint(e.AccountID, copy1) != first {
						return fmt.Errorf("the copy of version 1 does not hold version 1's value")
					}
					return nil
				}),
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           e.Namespace + "/k",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"rotation_triggers"},
			},
			{
				// Eight days later the copy has expired and is pruned.
				PreConfig: func() { e.Fake.AdvanceDays(8) },
				Config:    config(retain7, "2"),
				Check:     storeHas(e, current),
			},
		},
	})
}

// A due rotation shows in the plan with a warning saying since when, on what
// schedule, and what apply writes; a static secret's names what rotates it.
func TestSecretRotationDueWarning(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(`
resource "layeron_secret" "random" {
  name     = "r"
  kind     = "random"
  rotation = { every_days = 30, retain = { mode = "retain_for", days = 7 } }
}

resource "layeron_secret" "static" {
  name     = "s"
  kind     = "static"
  value    = "first"
  rotation = { every_days = 30, start_at = "2026-12-01T00:00:00Z" }
}
`))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	e.Fake.AdvanceDays(31)
	out := w.MustRun(t, "plan", "-json")
	for _, want := range []string{
		"Secret " + e.Namespace + "/r has been due for rotation since 2026-12-26T04:00:00Z (every 30 days from 2026-11-26T04:00:00Z): apply writes version 2 and keeps version 1 until 2027-01-03T04:00:00Z.",
		"Secret " + e.Namespace + "/s has been due for rotation since 2026-12-01T00:00:00Z (every 30 days from 2026-12-01T00:00:00Z). The provider cannot make a static value: to rotate it, change value_wo and value_wo_version.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
}

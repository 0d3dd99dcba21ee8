package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

func holds(e *acctest.Env, name, value string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if !e.Emulator.ValueEquals(e.AccountID, name, value) {
			return fmt.Errorf("store secret %s does not hold the expected value", name)
		}
		return nil
	}
}

func TestSecretStaticLifecycle(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "webhook")
	copy1 := versions.CopyName(e.Namespace, "webhook", 1)
	first, second := "whsec-first-5f1c2a", "whsec-second-9b7e44"
	leak := noValueLeak{env: e, known: []string{first, second}}
	// The value comes from an ephemeral variable, as in real use, so the plan
	// holds no copy of it from the configuration itself.
	retainForever, retain60 := `{ mode = "retain_forever" }`, `{ mode = "retain_for", days = 60 }`
	hclRetain := func(version, triggers, retain string) string {
		return e.Configf(`
variable "value" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "layeron_secret" "test" {
  name             = "webhook"
  kind             = "static"
  value_wo         = var.value
  value_wo_version = %q
  value_format     = "json"
  rotation = {
    every_days = 30
    retain     = %s
  }
  rotation_triggers = %s
  ownership = { owner_product = "shop", purpose = "Stripe webhook signing" }
}
`, version, retain, triggers)
	}
	hcl := func(version, triggers string) string { return hclRetain(version, triggers, retainForever) }
	firstJSON, secondJSON := fmt.Sprintf(`{"k":%q}`, first), fmt.Sprintf(`{"k":%q}`, second)
	value := func(v string) config.Variables { return config.Variables{"value": config.StringVariable(v)} }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// Created from value_wo: version 1 holds the value, which
				// appears in neither plan nor state.
				Config:           hcl("1", `{ reason = "a" }`),
				ConfigVariables:  value(firstJSON),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{leak}},
				ConfigStateChecks: []statecheck.StateCheck{
					leak, expect("current_version", knownvalue.StringExact("1")), expect("bytes", knownvalue.Null()),
					expect("module_config", knownvalue.StringExact(`{"kind":"secret","name":"webhook","namespace":"`+e.Namespace+`","secretKind":"static",`+
						`"rotation":{"everyDays":30,"retain":{"mode":"retain_forever"}},"value":{"format":"json"},"consume":{"expose":"current"},`+
						`"ownership":{"ownerProduct":"shop","purpose":"Stripe webhook signing"}}`)),
				},
				Check: resource.ComposeTestCheckFunc(storeHas(e, current), holds(e, current, firstJSON)),
			},
			{
				// The same value_wo_version: the plan is empty.
				Config:           hcl("1", `{ reason = "a" }`),
				ConfigVariables:  value(firstJSON),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new value_wo_version writes the new value as version 2
				// and keeps version 1's value in a copy.
				Config:          hcl("2", `{ reason = "a" }`),
				ConfigVariables: value(secondJSON),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					leak, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{leak, expect("current_version", knownvalue.StringExact("2"))},
				Check:             resource.ComposeTestCheckFunc(storeHas(e, current, copy1), holds(e, current, secondJSON), holds(e, copy1, firstJSON)),
			},
			{
				// Due for rotation: a static secret only gets a warning.
				PreConfig:        func() { e.Fake.AdvanceDays(31) },
				Config:           hcl("2", `{ reason = "a" }`),
				ConfigVariables:  value(secondJSON),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A trigger alone cannot rotate a static secret.
				Config:          hcl("2", `{ reason = "b" }`),
				ConfigVariables: value(secondJSON),
				ExpectError:     regexp.MustCompile(`New Value Needed`),
			},
			{
				// A policy change re-stamps the copy of version 1, retired
				// on day 0: kept until day 60.
				Config:          hclRetain("2", `{ reason = "a" }`, retain60),
				ConfigVariables: value(secondJSON),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("2")),
					expect("versions", knownvalue.ListPartial(map[int]knownvalue.Check{
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"version": knownvalue.StringExact("1"), "expires_at": knownvalue.StringExact("2027-01-25T04:00:00Z")}),
					})),
				},
				Check: resource.ComposeTestCheckFunc(storeHas(e, current, copy1), holds(e, copy1, firstJSON)),
			},
			{
				// On day 61 the copy has expired: the plan shows its pruning.
				PreConfig:       func() { e.Fake.AdvanceDays(30) },
				Config:          hclRetain("2", `{ reason = "a" }`, retain60),
				ConfigVariables: value(secondJSON),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("versions"), knownvalue.ListSizeExact(1)),
				}},
				Check: resource.ComposeTestCheckFunc(storeHas(e, current), holds(e, current, secondJSON)),
			},
			{
				// Imported by namespace/name, the state matches what apply
				// wrote (triggers are not in the store).
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        e.Namespace + "/webhook",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
				ImportStateVerifyIgnore:              []string{"rotation_triggers"},
				ConfigVariables:                      value(secondJSON),
			},
			{
				// Deleted outside Terraform: written again in place as
				// version 3. No copy holds a number any more, but state
				// remembers version 2, so no version id is used twice.
				PreConfig:       func() { e.Emulator.Remove(e.AccountID, current) },
				Config:          hclRetain("2", `{ reason = "a" }`, retain60),
				ConfigVariables: value(secondJSON),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("3"))},
				Check:             holds(e, current, secondJSON),
			},
		},
	})
}

func TestSecretGeneratedLifecycle(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "oauth_client")
	withOwnership := func(ownership string) string {
		return e.Configf(`
resource "layeron_secret" "test" {
  name  = "oauth_client"
  kind  = "generated"
  bytes = 48
  %s
}
`, ownership)
	}
	config := withOwnership("")
	owned := withOwnership(`ownership = { owner_product = "identity", purpose = "OAuth client secret" }`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// Nothing written yet: declared, not fulfilled, and the
				// provider writes nothing.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("fulfilled", knownvalue.Bool(false)),
					expect("current_version", knownvalue.Null()),
					expect("versions", knownvalue.ListSizeExact(0)),
					expect("module_config", knownvalue.StringExact(`{"kind":"secret","name":"oauth_client","namespace":"`+e.Namespace+`","secretKind":"generated","bytes":48,`+
						`"value":{"format":"text"},"consume":{"expose":"current"},"generated":{"type":"custom","bytes":48}}`)),
				},
				Check: storeHas(e),
			},
			{
				// An outside flow writes the value: the provider adopts it,
				// stamping metadata without touching the value.
				PreConfig: func() { e.Emulator.Put(e.AccountID, current, "value-from-outside-1", "") },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("fulfilled", knownvalue.Bool(true)),
					expect("current_version", knownvalue.StringExact("1")),
					noValueLeak{env: e, known: []string{"value-from-outside-1"}},
				},
				Check: holds(e, current, "value-from-outside-1"),
			},
			{
				// Nothing changed outside: the plan is empty.
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new outside value is recorded as a new version.
				PreConfig: func() {
					e.Fake.AdvanceDays(1)
					s, _ := e.Emulator.Secret(e.AccountID, current)
					e.Emulator.Put(e.AccountID, current, "value-from-outside-2", s.Comment)
				},
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
				Check:             holds(e, current, "value-from-outside-2"),
			},
			{
				// New metadata re-stamps the comment: no new version, and
				// the outside value stays.
				Config: owned,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("2")),
					expect("module_config", knownvalue.StringExact(`{"kind":"secret","name":"oauth_client","namespace":"`+e.Namespace+`","secretKind":"generated","bytes":48,`+
						`"value":{"format":"text"},"consume":{"expose":"current"},"ownership":{"ownerProduct":"identity","purpose":"OAuth client secret"},`+
						`"generated":{"type":"custom","bytes":48}}`)),
				},
				Check: holds(e, current, "value-from-outside-2"),
			},
			{
				// Imported by namespace/name, the state matches what apply
				// wrote.
				ResourceName:                         addr,
				ImportState:                          true,
				ImportStateId:                        e.Namespace + "/oauth_client",
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "id",
			},
			{
				// Deleted outside: shown as unfulfilled, not recreated.
				PreConfig:         func() { e.Emulator.Remove(e.AccountID, current) },
				Config:            owned,
				ConfigStateChecks: []statecheck.StateCheck{expect("fulfilled", knownvalue.Bool(false))},
				Check:             storeHas(e),
			},
		},
	})
}

// Adopting a value written outside shows in the plan what apply changes on
// its store secret: the comment and the scopes, never the value.
func TestSecretGeneratedAdoptionWarning(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "partner"), "pk-from-outside", "set by hand")
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(`
resource "layeron_secret" "partner" {
  name = "partner"
  kind = "generated"
}
`))
	w.MustRun(t, "init")
	out := w.MustRun(t, "plan", "-json")
	for _, want := range []string{"Generated Secret Adopted", `replaces the comment \"set by hand\" with Layeron metadata`, "as version 1 of secret " + e.Namespace + "/partner"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "pk-from-outside") {
		t.Fatal("the plan shows the value")
	}
}

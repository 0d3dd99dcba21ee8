package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// editComment changes a store secret's comment as a person in the
// dashboard would, leaving its value alone.
func editComment(t *testing.T, e *acctest.Env, name string, edit func(string) string) {
	t.Helper()
	s, ok := e.Emulator.Secret(e.AccountID, name)
	if !ok {
		t.Fatalf("store secret %s is missing", name)
	}
	comment := edit(s.Comment)
	if comment == s.Comment {
		t.Fatalf("the edit left the comment of %s as it was: %q", name, comment)
	}
	if _, err := e.Client().Patch(context.Background(), s.ID, s.Name, client.Patch{Comment: &comment}); err != nil {
		t.Fatal(err)
	}
}

// rotatedTo is the steps that make versions 1 to n of random secret k,
// retained forever, checking after each that none is lost.
func rotatedTo(e *acctest.Env, h *history, n int) []resource.TestStep {
	var steps []resource.TestStep
	for v := 1; v <= n; v++ {
		steps = append(steps, resource.TestStep{Config: e.Config(triggeredSecrets(retainForever, strconv.Itoa(v), "k")), Check: h.kept(1, v)})
	}
	return steps
}

// commentHas checks that store secret name's comment holds part.
func commentHas(e *acctest.Env, name, part string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if s, _ := e.Emulator.Secret(e.AccountID, name); !strings.Contains(s.Comment, part) {
			return fmt.Errorf("the comment of %s lacks %q: %q", name, part, s.Comment)
		}
		return nil
	}
}

// Periods beyond a century are refused at plan time, on the attribute, so
// that no period arithmetic can overflow and nothing is written.
func TestSecretPeriodBounds(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	var steps []resource.TestStep
	for _, rotation := range []string{
		`{ every_days = 30, retain = { mode = "retain_for", days = 999999 } }`,
		`{ every_days = 106752 }`,
		`{ every_days = 281474976710656 }`,
	} {
		// Each period is refused at plan time, on its attribute.
		steps = append(steps, resource.TestStep{
			Config:      e.Configf("resource \"layeron_secret\" \"test\" {\n  name = \"k\"\n  kind = \"random\"\n  rotation = %s\n}\n", rotation),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`rotation\.(retain\.days|every_days)\s+value\s+must\s+be\s+at\s+most\s+36500`),
		})
	}
	// None of the refused plans wrote to the store.
	steps[len(steps)-1].Check = nothingWritten(e)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
		CheckDestroy:             func(*terraform.State) error { return nothingWritten(e)(nil) },
	})
}

// A kind changed by hand in the current secret's comment is drift: the plan
// warns and updates in place, never replaces, and apply restores the comment
// with every version kept.
func TestSecretKindEditedByHand(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	h := newHistory(t, e, "k")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		// Version 1 is made, then rotated into a copy: the store holds versions 1 and 2.
		Steps: append(rotatedTo(e, h, 2),
			resource.TestStep{
				// The comment says static: the plan updates in place and apply restores kind=random.
				PreConfig: func() {
					editComment(t, e, current, func(c string) string { return strings.Replace(c, "kind=random", "kind=static", 1) })
				},
				Config: e.Config(triggeredSecrets(retainForever, "2", "k")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
				Check:             resource.ComposeTestCheckFunc(h.kept(1, 2), commentHas(e, current, "kind=random")),
			},
		),
	})
}

// Values that other resources compute are unknown at plan time. The plan
// keeps them unknown, with what they decide (module_config, versions) known
// after apply, on create and on update.
func TestSecretUnknownDeclaration(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	config := func(bytes, days int, purpose string) string {
		return e.Configf(`
resource "terraform_data" "bytes" { input = %d }
resource "terraform_data" "days" { input = %d }
resource "terraform_data" "purpose" { input = %q }

resource "layeron_secret" "test" {
  name      = "k"
  kind      = "random"
  bytes     = terraform_data.bytes.output
  rotation  = { every_days = terraform_data.days.output }
  ownership = { purpose = terraform_data.purpose.output }
}
`, bytes, days, purpose)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// Created with bytes, every_days and purpose unknown until apply.
			{
				Config: config(48, 30, "billing"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("bytes", knownvalue.Int64Exact(48)),
					expect("current_version", knownvalue.StringExact("1")),
					expect("module_config", knownvalue.StringRegexp(regexp.MustCompile(`"everyDays":30`))),
				},
			},
			// Updated with all three unknown again: apply records the new declaration.
			{
				Config: config(48, 60, "payments"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("module_config")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("module_config", knownvalue.StringRegexp(regexp.MustCompile(`"everyDays":60.*"purpose":"payments"`))),
					expect("current_version", knownvalue.StringExact("1")),
				},
			},
		},
	})
}

// Whole nested objects from another resource's output are unknown at plan
// time: the plan leaves what the provider computes unknown, apply records the
// declaration, and one found invalid only at apply is refused there before
// anything is written.
func TestSecretUnknownObjects(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	config := func(days int, retain, purpose string) string {
		return e.Configf(`
resource "terraform_data" "rotation" { input = { every_days = %d, retain = %s } }
resource "terraform_data" "ownership" { input = { purpose = %q } }
resource "terraform_data" "consume" { input = { expose = "current" } }

resource "layeron_secret" "test" {
  name      = "k"
  kind      = "random"
  rotation  = terraform_data.rotation.output
  ownership = terraform_data.ownership.output
  consume   = terraform_data.consume.output
}
`, days, retain, purpose)
	}
	current := versions.CurrentName(e.Namespace, "k")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// An invalid declaration known only at apply: refused, nothing written.
				Config:      config(30, `{ mode = "retain_for" }`, "billing"),
				ExpectError: regexp.MustCompile(`Missing Retention Days`),
				Check:       storeHas(e),
			},
			{
				// Created with the three objects unknown until apply.
				PreConfig: func() {
					if _, ok := e.Emulator.Secret(e.AccountID, current); ok {
						t.Fatal("the refused apply wrote the secret")
					}
				},
				Config: config(30, retainWeek, "billing"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("1")),
					expect("module_config", knownvalue.StringRegexp(regexp.MustCompile(`"everyDays":30.*"retain":\{"mode":"retain_for","days":7\}.*"purpose":"billing"`))),
				},
				Check: commentHas(e, current, "purpose=billing"),
			},
			{
				// Updated with them unknown again: apply records the new
				// declaration, without a new version.
				Config: config(60, retainWeek, "payments"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("module_config")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("1")),
					expect("module_config", knownvalue.StringRegexp(regexp.MustCompile(`"everyDays":60.*"purpose":"payments"`))),
				},
				Check: commentHas(e, current, "every=60"),
			},
		},
	})
}

// A current secret deleted outside Terraform is written again under a new
// version id, never the deleted one's; destroy after a second such deletion
// still deletes every retained copy.
func TestSecretCurrentDeletedOutside(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	h := newHistory(t, e, "k")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		// Versions 1 to 3, the first two retained as copies.
		Steps: append(rotatedTo(e, h, 3),
			resource.TestStep{
				// Version 3 is deleted by hand: apply makes version 4, not 3 again.
				PreConfig: func() { e.Emulator.Remove(e.AccountID, current) },
				Config:    e.Config(triggeredSecrets(retainForever, "3", "k")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("4"))},
				Check:             storeHas(e, current, versions.CopyName(e.Namespace, "k", 1), versions.CopyName(e.Namespace, "k", 2)),
			},
			resource.TestStep{
				// Deleted by hand again, then destroyed: the copies go too (CheckDestroy).
				PreConfig: func() { e.Emulator.Remove(e.AccountID, current) },
				Config:    e.Config(triggeredSecrets(retainForever, "3", "k")),
				Destroy:   true,
			},
		),
	})
}

// A current secret whose comment is edited down to a retained copy's
// version keeps the version state recorded: refresh warns, the next
// rotation copies its value as that version, and nothing is lost.
func TestSecretVersionForgedDown(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	h := newHistory(t, e, "k")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		// Versions 1 to 3, the first two retained as copies.
		Steps: append(rotatedTo(e, h, 3),
			resource.TestStep{
				// v=3 becomes v=1 by hand: the plan updates in place and apply writes v=3 back.
				PreConfig: func() {
					editComment(t, e, current, func(c string) string { return strings.Replace(c, " v=3 ", " v=1 ", 1) })
				},
				Config: e.Config(triggeredSecrets(retainForever, "3", "k")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("3"))},
				Check:             resource.ComposeTestCheckFunc(h.kept(1, 3), commentHas(e, current, " v=3 ")),
			},
			resource.TestStep{
				// Forged down again, then a rotation: version 3 is copied, 4 is made.
				PreConfig: func() {
					editComment(t, e, current, func(c string) string { return strings.Replace(c, " v=3 ", " v=1 ", 1) })
				},
				Config:            e.Config(triggeredSecrets(retainForever, "4", "k")),
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("4"))},
				Check:             h.kept(1, 4),
			},
		),
	})
}

// A store secret made by hand under the name the next copy takes stops the
// rotation at plan time, saying so, with nothing written and nothing lost.
func TestSecretCopyNameTakenByHand(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	copy1 := versions.CopyName(e.Namespace, "k", 1)
	h := newHistory(t, e, "k")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// Version 1 is made.
			{Config: e.Config(triggeredSecrets(retainForever, "1", "k")), Check: h.kept(1, 1)},
			{
				// Someone makes the copy's name by hand: the rotation is refused at plan time.
				PreConfig: func() {
					e.Emulator.Put(e.AccountID, copy1, "someone else's value", "made by hand")
					e.Emulator.ResetCounters()
				},
				Config:      e.Config(triggeredSecrets(retainForever, "2", "k")),
				ExpectError: regexp.MustCompile(`Copy Name Taken[\s\S]*` + copy1 + `[\s\S]*not\s+made\s+by\s+Layeron`),
			},
			{
				// Nothing was written, version 1 is intact, and the hand-made secret is untouched.
				Config: e.Config(triggeredSecrets(retainForever, "1", "k")),
				Check: resource.ComposeTestCheckFunc(nothingWritten(e), h.kept(1, 1), func(*terraform.State) error {
					if !e.Emulator.ValueEquals(e.AccountID, copy1, "someone else's value") {
						return fmt.Errorf("the hand-made %s was changed", copy1)
					}
					return nil
				}),
			},
		},
	})
}

// writeValue writes a store secret's value as someone outside Terraform
// would, leaving its comment and scopes alone.
func writeValue(t *testing.T, e *acctest.Env, name, value string) {
	t.Helper()
	s, ok := e.Emulator.Secret(e.AccountID, name)
	if !ok {
		t.Fatalf("store secret %s is missing", name)
	}
	if _, err := e.Client().Patch(context.Background(), s.ID, s.Name, client.Patch{Value: &value}); err != nil {
		t.Fatal(err)
	}
}

// A value written outside Terraform shows in the plan: a random secret gets
// a new value of the provider's and a static one its configured value again,
// the outside value kept as a copy; a generated secret records it. An edit
// of a generated secret's scopes alone is restored, not recorded.
func TestSecretValueChangedOutside(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	const outside = "written-outside-terraform"
	random, static, generated := versions.CurrentName(e.Namespace, "r"), versions.CurrentName(e.Namespace, "s"), versions.CurrentName(e.Namespace, "g")
	config := e.Config(`
resource "layeron_secret" "r" {
  name     = "r"
  kind     = "random"
  rotation = { every_days = 30, retain = { mode = "retain_forever" } }
}
resource "layeron_secret" "s" {
  name     = "s"
  kind     = "static"
  value    = "configured"
  rotation = { every_days = 30, retain = { mode = "retain_forever" } }
}
resource "layeron_secret" "g" {
  name = "g"
  kind = "generated"
}
`)
	currentIs := func(resourceName, v string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(resourceName, tfjsonpath.New("current_version"), knownvalue.StringExact(v))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// Random and static at version 1; the generated one fulfilled from outside at version 1.
			{Config: config},
			{
				// The generated one is written from outside: recorded as its version 1.
				PreConfig:         func() { e.Emulator.Put(e.AccountID, generated, "first-outside", "") },
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{currentIs("layeron_secret.g", "1")},
			},
			{
				// Values written outside: version 2 each, the outside values kept as copies of version 1.
				PreConfig: func() {
					e.Fake.Advance(time.Minute)
					writeValue(t, e, random, outside)
					writeValue(t, e, static, outside)
					writeValue(t, e, generated, outside)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("layeron_secret.r", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("layeron_secret.s", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("layeron_secret.g", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					currentIs("layeron_secret.r", "2"), currentIs("layeron_secret.s", "2"), currentIs("layeron_secret.g", "2"),
				},
				Check: func(*terraform.State) error {
					for _, c := range []struct {
						name string
						want bool
					}{
						{random, false},
						{versions.CopyName(e.Namespace, "r", 1), true},
						{static, false},
						{versions.CopyName(e.Namespace, "s", 1), true},
						{generated, true},
					} {
						if e.Emulator.ValueEquals(e.AccountID, c.name, outside) != c.want {
							return fmt.Errorf("store secret %s holds the outside value: %v, want %v", c.name, !c.want, c.want)
						}
					}
					if !e.Emulator.ValueEquals(e.AccountID, static, "configured") {
						return fmt.Errorf("the static secret does not hold its configured value again")
					}
					return nil
				},
			},
			{
				// The generated secret's scopes edited alone: restored, no new version.
				PreConfig: func() {
					e.Fake.Advance(time.Minute)
					s, _ := e.Emulator.Secret(e.AccountID, generated)
					if _, err := e.Client().Patch(context.Background(), s.ID, s.Name, client.Patch{Scopes: []string{"ai_gateway", "workers"}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{currentIs("layeron_secret.g", "2")},
				Check: func(*terraform.State) error {
					if s, _ := e.Emulator.Secret(e.AccountID, generated); len(s.Scopes) != 1 || s.Scopes[0] != "workers" {
						return fmt.Errorf("the scopes were not restored: %v", s.Scopes)
					}
					return nil
				},
			},
		},
	})
}

// A comment damaged by hand on the provider's own current secret, whose id
// state recorded, is drift: the resource stays in state, the plan updates in
// place, and apply writes the comment again, every version kept.
func TestSecretCommentDamagedByHand(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	h := newHistory(t, e, "k")
	restored := func(*terraform.State) error {
		s, _ := e.Emulator.Secret(e.AccountID, current)
		if meta, err := versions.Decode(s.Comment); err != nil || meta.Name != "k" || meta.Version != 2 {
			return fmt.Errorf("the comment was not restored: %q (%w)", s.Comment, err)
		}
		return nil
	}
	// Versions 1 and 2, the first retained as a copy.
	steps := rotatedTo(e, h, 2)
	for _, damage := range []string{
		"rotated by hand - ops",
		"layeron:1 garbage",
		"layeron:1 ns=" + e.Namespace + " name=other kind=random v=1 from=2026-11-26T04:00:00Z",
	} {
		// The comment is replaced: the plan updates in place and apply restores it.
		steps = append(steps, resource.TestStep{
			PreConfig: func() { editComment(t, e, current, func(string) string { return damage }) },
			Config:    e.Config(triggeredSecrets(retainForever, "2", "k")),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
			Check:             resource.ComposeTestCheckFunc(h.kept(1, 2), restored),
		})
	}
	// Damaged once more, then destroyed: the provider's own secret goes too (CheckDestroy).
	steps = append(steps, resource.TestStep{
		PreConfig: func() { editComment(t, e, current, func(string) string { return "rotated by hand - ops" }) },
		Config:    e.Config(triggeredSecrets(retainForever, "2", "k")),
		Destroy:   true,
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.Factories(), CheckDestroy: storeHas(e), Steps: steps})
}

// A retention policy known only at apply, inside a rotation known at plan
// time, waits for apply as a whole unknown object does.
func TestSecretUnknownRetention(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			Config: e.Config(`
resource "terraform_data" "retain" { input = { mode = "retain_for", days = 7 } }

resource "layeron_secret" "test" {
  name     = "k"
  kind     = "random"
  rotation = { every_days = 30, retain = terraform_data.retain.output }
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("module_config", knownvalue.StringRegexp(regexp.MustCompile(`"retain":\{"mode":"retain_for","days":7\}`))),
			},
		}},
	})
}

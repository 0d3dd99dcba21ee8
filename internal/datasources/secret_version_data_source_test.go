package datasources_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

const history = `
resource "layeron_secret" "hist" {
  name     = "hist"
  kind     = "random"
  rotation = { every_days = 7, retain = { mode = "retain_for", days = 10 } }
}
resource "layeron_secret" "kept" {
  name              = "kept"
  kind              = "random"
  rotation          = { every_days = 7, retain = { mode = "retain_forever" } }
}
resource "layeron_secret" "none" {
  name     = "none"
  kind     = "random"
  rotation = { every_days = 7, retain = { mode = "none" } }
}
`

// read renders one data source and an output of its version ids.
func read(label, name, args string) string {
	return fmt.Sprintf(`
data "layeron_secret_version" %[1]q {
  name = %[2]s
  %[3]s
}
output %[1]q {
  value = [for v in data.layeron_secret_version.%[1]s.values : v.version]
}
`, label, name, args)
}

func versionsOut(label string, ids ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return statecheck.ExpectKnownOutputValue(label, knownvalue.ListExact(checks))
}

func TestSecretVersionSelectors(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	// Rotations on days 7, 14 and 21 (2026-12-03, -10, -17 at 04:00Z).
	reads := strings.Join([]string{
		read("current", "layeron_secret.hist.name", ""),
		read("v2", "layeron_secret.hist.name", `selector = "version"
  version = "2"`),
		read("at_day7", "layeron_secret.hist.name", `selector = "at"
  at = "2026-12-03T04:00:00Z"`),
		read("at_day14_minus", "layeron_secret.hist.name", `selector = "at"
  at = "2026-12-10T03:59:59Z"`),
		read("at_day14", "layeron_secret.hist.name", `selector = "at"
  at = "2026-12-10T04:00:00Z"`),
		read("at_day21", "layeron_secret.hist.name", `selector = "at"
  at = "2026-12-17T04:00:00Z"`),
		read("active_now", "layeron_secret.hist.name", `selector = "active"`),
		read("active_day24_minus", "layeron_secret.hist.name", `selector = "active"
  at = "2026-12-20T03:59:59Z"`),
		read("active_day24", "layeron_secret.hist.name", `selector = "active"
  at = "2026-12-20T04:00:00Z"`),
		read("active_day31", "layeron_secret.hist.name", `selector = "active"
  at = "2026-12-27T04:00:00Z"`),
		read("kept_active", "layeron_secret.kept.name", `selector = "active"
  at = "2027-06-01T00:00:00Z"`),
		read("kept_at_day0", "layeron_secret.kept.name", `selector = "at"
  at = "2026-11-26T04:00:00Z"`),
		read("none_active", "layeron_secret.none.name", `selector = "active"`),
	}, "")
	// The three secrets are created at version 1 on day 0.
	steps := []resource.TestStep{{Config: e.Config(history)}}
	for range 3 {
		// A week on, each rotates: after three weeks version 4 is current.
		steps = append(steps, resource.TestStep{PreConfig: func() { e.Fake.AdvanceDays(7) }, Config: e.Config(history)})
	}
	steps = append(steps,
		resource.TestStep{
			// Each selector reads the versions it should; a damaged copy
			// is skipped with a warning, never a failure.
			PreConfig: func() {
				e.Emulator.Put(e.AccountID, versions.CopyName(e.Namespace, "hist", 9), "x", "layeron:1 damaged")
			},
			Config: e.Config(history + reads),
			ConfigStateChecks: []statecheck.StateCheck{
				versionsOut("current", "4"),
				versionsOut("v2", "2"),
				versionsOut("at_day7", "2"),
				versionsOut("at_day14_minus", "2"),
				versionsOut("at_day14", "3"),
				versionsOut("at_day21", "4"),
				versionsOut("active_now", "4", "3", "2"),
				versionsOut("active_day24_minus", "4", "3", "2"),
				versionsOut("active_day24", "4", "3"),
				versionsOut("active_day31", "4"),
				versionsOut("kept_active", "4", "3", "2", "1"),
				versionsOut("kept_at_day0", "1"),
				versionsOut("none_active", "4"),
				statecheck.ExpectKnownValue("data.layeron_secret_version.v2", tfjsonpathValues(0, "secret_name"), knownvalue.StringExact(versions.CopyName(e.Namespace, "hist", 2))),
				statecheck.ExpectKnownValue("data.layeron_secret_version.v2", tfjsonpathValues(0, "expires_at"), knownvalue.StringExact("2026-12-20T04:00:00Z")),
			},
		},
	)
	bad := func(args, want string) resource.TestStep {
		return resource.TestStep{
			Config:      e.Config(history + read("bad", `"hist"`, args)),
			ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`)),
		}
	}
	steps = append(steps,
		// An unknown name fails, listing the names the namespace holds.
		resource.TestStep{Config: e.Config(history + read("bad", `"nope"`, "")), ExpectError: regexp.MustCompile(`Secret Not Found[\s\S]*hist,\s+kept,\s+none`)},
		// A pruned version fails, saying which the store holds.
		bad(`selector = "version"
  version = "1"`, `version 1 is not in the store; the store holds 4 \(current since`),
		// An instant before the oldest retained version fails.
		bad(`selector = "at"
  at = "2026-12-03T03:59:59Z"`, `before the oldest retained version \(2,`),
		// Selectors without their argument, arguments without their
		// selector, a bad instant and an unknown selector are refused.
		bad(`selector = "at"`, `Missing Instant`),
		bad(`selector = "version"`, `Missing Version`),
		bad(`version = "2"`, `version applies only to selector = "version"`),
		bad(`at = "2026-12-03T00:00:00Z"`, `at applies only to selector = "at" or "active"`),
		bad(`selector = "at"
  at = "yesterday"`, `Invalid RFC3339 String Value[\s\S]*yesterday`),
		bad(`selector = "newest"`, `value must be one of`),
		// Without the data sources the secrets apply cleanly again.
		resource.TestStep{Config: e.Config(history)},
	)
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: e.Factories(), Steps: steps})
}

// A configuration that does not manage the secret reads it all the same:
// here another workspace wrote it.
func TestSecretVersionWithoutTheResource(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			// A secret written by another workspace is read by name: its
			// version 7 is current.
			PreConfig: func() {
				meta := versions.Meta{Namespace: e.Namespace, Name: "elsewhere", Kind: "generated", Version: 7, From: acctest.Start}
				_, err := e.Client().Create(context.Background(), []client.NewSecret{{
					Name: versions.CurrentName(e.Namespace, "elsewhere"), Value: "v", Comment: versions.Encode(meta), Scopes: []string{"workers"},
				}})
				if err != nil {
					t.Fatal(err)
				}
			},
			Config:            e.Config(read("other", `"elsewhere"`, "")),
			ConfigStateChecks: []statecheck.StateCheck{versionsOut("other", "7")},
		}},
	})
}

// A generated secret has no store secret before its first value. By
// default reading it fails the plan; with allow_unfulfilled it reads as
// fulfilled = false with no values, so that its consumers plan before it is
// fulfilled, and once a value is written it reads as usual.
func TestSecretVersionUnfulfilled(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	const partner = `
resource "layeron_secret" "partner" {
  name = "partner"
  kind = "generated"
}
`
	reading := func(allow string) string {
		return e.Config(partner + read("partner", "layeron_secret.partner.name", allow) + `
output "fulfilled" {
  value = data.layeron_secret_version.partner.fulfilled
}
`)
	}
	fulfilled := func(want bool) statecheck.StateCheck {
		return statecheck.ExpectKnownOutputValue("fulfilled", knownvalue.Bool(want))
	}
	put := func(t *testing.T) {
		env := map[string]string{settings.EnvAPIToken: e.Token, settings.EnvAccountID: e.AccountID, settings.EnvBaseURL: e.BaseURL}
		var stdout, stderr strings.Builder
		if code := cli.Run(context.Background(), []string{"secret", "put", e.Namespace + "/partner"}, cli.Env{
			Getenv: func(k string) string { return env[k] }, Stdin: strings.NewReader("partner-key-1"), Stdout: &stdout, Stderr: &stderr, Now: e.Clock.Now,
		}); code != cli.ExitOK {
			t.Fatalf("layeron secret put exited %d: %s", code, stderr.String())
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// The declaration alone: nothing is in the store yet.
			{Config: e.Config(partner)},
			{
				// Without allow_unfulfilled the plan fails, saying how to
				// plan before the secret is fulfilled.
				Config:      reading(""),
				ExpectError: regexp.MustCompile(`Secret Not Found[\s\S]*layeron\s+secret\s+put[\s\S]*allow_unfulfilled\s+=\s+true`),
			},
			{
				// With it the plan goes through: no values, not fulfilled.
				Config:            reading("allow_unfulfilled = true"),
				ConfigStateChecks: []statecheck.StateCheck{versionsOut("partner"), fulfilled(false)},
			},
			{
				// A value written by another tool is recorded by the apply
				// of the declaring configuration, and read as version 1.
				PreConfig: func() {
					e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "partner"), "partner-key-0", "")
				},
				Config:            reading("allow_unfulfilled = true"),
				ConfigStateChecks: []statecheck.StateCheck{versionsOut("partner", "1"), fulfilled(true)},
			},
			{
				// A put makes version 2, read whether or not
				// allow_unfulfilled is set.
				PreConfig:         func() { put(t) },
				Config:            reading("allow_unfulfilled = true"),
				ConfigStateChecks: []statecheck.StateCheck{versionsOut("partner", "2"), fulfilled(true)},
			},
			{
				Config:            reading(""),
				ConfigStateChecks: []statecheck.StateCheck{versionsOut("partner", "2"), fulfilled(true)},
			},
		},
	})
}

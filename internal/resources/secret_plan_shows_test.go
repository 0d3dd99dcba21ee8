package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// A rotation's plan shows the bindings and version numbers and names it
// makes, so that a reviewer of a Worker's binding change sees it; only the
// instants the apply sets are unknown.
func TestSecretRotationPlanShowsBindings(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	storeID := e.StoreID(t)
	config := func(reason string) string {
		return e.Config(strings.Replace(triggeredSecrets(retainForever, reason, "k"), `kind              = "random"`, `kind              = "random"
  consume           = { expose = "versioned" }`, 1))
	}
	binding := func(name string, v int) knownvalue.Check {
		secretName := versions.CurrentName(e.Namespace, "k")
		if v < 2 {
			secretName = versions.CopyName(e.Namespace, "k", v)
		}
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "type": knownvalue.StringExact("secrets_store_secret"), "store_id": knownvalue.StringExact(storeID),
			"secret_name": knownvalue.StringExact(secretName), "version": knownvalue.StringExact(fmt.Sprint(v)),
		})
	}
	version := func(v int, current bool) knownvalue.Check {
		secretName := versions.CurrentName(e.Namespace, "k")
		if !current {
			secretName = versions.CopyName(e.Namespace, "k", v)
		}
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"version": knownvalue.StringExact(fmt.Sprint(v)), "secret_name": knownvalue.StringExact(secretName), "current": knownvalue.Bool(current),
		})
	}
	path := func(attr string) plancheck.PlanCheck {
		return plancheck.ExpectUnknownValue(addr, tfjsonpath.New("versions").AtSliceIndex(0).AtMapKey(attr))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{Config: config("1")},
			{
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("bindings"), knownvalue.ListExact([]knownvalue.Check{binding("K", 2), binding("K_V1", 1)})),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("versions"), knownvalue.ListExact([]knownvalue.Check{version(2, true), version(1, false)})),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("fulfilled"), knownvalue.Bool(true)),
					path("active_from"),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("versions").AtSliceIndex(1).AtMapKey("retired_at")),
				}},
			},
		},
	})
}

// Absent and empty triggers mean the same: an import whose configuration
// says rotation_triggers = null, as terraform query generates it, of a
// secret declared with triggers, or with {}, plans no rotation.
func TestSecretImportWithoutTriggers(t *testing.T) {
	t.Parallel()
	for _, declared := range []string{`{ reason = "1" }`, `{}`} {
		t.Run(declared, func(t *testing.T) {
			t.Parallel()
			e := acctest.New(t)
			e.NeedsEmulator(t)
			secret := func(triggers string) string {
				return fmt.Sprintf(`
resource "layeron_secret" "test" {
  name              = "k"
  kind              = "random"
  rotation          = { retain = { mode = "retain_forever" } }
  rotation_triggers = %s
}
`, triggers)
			}
			w := e.Workspace(t, provider.Options{})
			w.Write(t, e.Config(secret(declared)))
			w.MustRun(t, "init")
			w.MustRun(t, "apply")
			w.MustRun(t, "state", "rm", "layeron_secret.test")
			w.Write(t, e.Config(fmt.Sprintf("import {\n  to = layeron_secret.test\n  id = %q\n}\n", e.Namespace+"/k")+secret("null")))
			plan := w.MustRun(t, "plan")
			if !strings.Contains(plan, "1 to import") || regexp.MustCompile(`current_version += "\d+" ->`).MatchString(plan) {
				t.Fatalf("the import plans a rotation:\n%s", plan)
			}
			// And a module defaulting them to {} afterwards does not rotate either.
			w.MustRun(t, "apply")
			w.Write(t, e.Config(secret("{}")))
			if plan := w.MustRun(t, "plan"); regexp.MustCompile(`current_version += "\d+" ->`).MatchString(plan) {
				t.Fatalf("empty triggers after null plan a rotation:\n%s", plan)
			}
			if got := familyVersions(t, e, "k"); len(got) != 1 {
				t.Fatalf("the store holds versions %v, want version 1 alone", got)
			}
		})
	}
}

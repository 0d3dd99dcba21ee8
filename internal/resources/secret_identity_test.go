package resources_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// A secret's identity is its account, store, namespace and name, and an
// import block naming it imports the secret; one naming another account
// is refused before anything is read or written.
func TestSecretIdentity(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	config := e.Config(`
resource "layeron_secret" "test" {
  name = "api"
  kind = "random"
}
`)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.12.0")))},
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"account_id": knownvalue.StringExact(e.AccountID),
						"store_id":   knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`)),
						"namespace":  knownvalue.StringExact(e.Namespace),
						"name":       knownvalue.StringExact("api"),
					}),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("store_id")),
				},
			},
			{
				// An import by identity from another state takes the secret
				// over from this one: the plan stamps the importer's holder
				// on it, without a new version.
				ResourceName:       addr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("current_version"), knownvalue.StringExact("1")),
				}},
			},
			{
				Config: config + `
resource "layeron_secret" "again" {
  name = "api"
  kind = "random"
}

import {
  to       = layeron_secret.again
  identity = { name = "api", account_id = "ffffffffffffffffffffffffffffffff" }
}
`,
				ExpectError: regexp.MustCompile(`Import Identity in Another Account`),
			},
			{
				// A name cannot carry a namespace of its own.
				Config: config + `
resource "layeron_secret" "again" {
  name = "api"
  kind = "random"
}

import {
  to       = layeron_secret.again
  identity = { name = "elsewhere/api" }
}
`,
				ExpectError: regexp.MustCompile(`Invalid Import Identity`),
			},
			{
				// The state is as step 1 left it.
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
		},
	})
}

package acctest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// The documented examples are applied and destroyed against the emulator, a
// stronger check than `terraform validate`. The Worker bindings example is
// applied up to its cloudflare_workers_script block: the Cloudflare provider
// cannot be installed offline, and the bindings it takes are computed before.

func TestExamplesApply(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	resources := []string{
		"resources/layeron_secret/resource.tf",
		"resources/layeron_secret/resource_static.tf",
		"resources/layeron_secret/resource_generated.tf",
		"resources/layeron_secret/resource_triggers.tf",
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				// The resource examples apply as written, the generated
				// secret in the namespace it names, not yet fulfilled.
				Config:          e.Config(e.InNamespace(acctest.Example(t, resources...))),
				ConfigVariables: config.Variables{"stripe_webhook_secret": config.StringVariable("whsec_example")},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("layeron_secret.oauth_client", "secret_name", e.Namespace+"--oauth_client"),
					resource.TestCheckResourceAttr("layeron_secret.oauth_client", "fulfilled", "false"),
					resource.TestCheckResourceAttr("layeron_secret.oauth_client", "bindings.#", "0"),
				),
			},
			{
				// The data source example reads one active version.
				Config:          e.Config(e.InNamespace(acctest.Example(t, append(resources, "data-sources/layeron_secret_version/data-source.tf")...))),
				ConfigVariables: config.Variables{"stripe_webhook_secret": config.StringVariable("whsec_example")},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("active_secret_names", knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}

// untilResource cuts an example before its first block of the given type.
func untilResource(t *testing.T, hcl, resourceType string) string {
	t.Helper()
	before, _, found := strings.Cut(hcl, `resource "`+resourceType+`"`)
	if !found {
		t.Fatalf("the example has no %s resource", resourceType)
	}
	return before
}

func TestExampleWorkerBindings(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	bindings := untilResource(t, acctest.Example(t, "data-sources/layeron_secret_version/worker-bindings.tf"), "cloudflare_workers_script")
	key := acctest.Example(t, "resources/layeron_secret/resource.tf")
	vars := func(reason string) config.Variables {
		return config.Variables{"account_id": config.StringVariable(e.AccountID), "reason": config.StringVariable(reason)}
	}
	// The example's key, rotated by a trigger so that two versions are active.
	withTrigger := strings.Replace(key, "  consume = {", "  rotation_triggers = { reason = var.reason }\n\n  consume = {", 1) +
		"variable \"reason\" {\n  type = string\n}\n"
	binding := func(name, secret string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"type": knownvalue.StringExact("secrets_store_secret"), "name": knownvalue.StringExact(name),
			"store_id": knownvalue.NotNull(), "secret_name": knownvalue.StringExact(secret),
		})
	}
	output := "output \"bindings\" {\n  value = local.signing_key_bindings\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// The key is created, then rotated by its trigger.
			{Config: e.Config(withTrigger), ConfigVariables: vars("a")},
			{Config: e.Config(withTrigger), ConfigVariables: vars("b")},
			{
				// The example's bindings name the current secret and the
				// still active version 1.
				Config:          e.Config(withTrigger + bindings + output),
				ConfigVariables: vars("b"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("bindings", knownvalue.ListExact([]knownvalue.Check{
						binding("SIGNING_KEY", e.Namespace+"--signing_key"),
						binding("SIGNING_KEY_V1", e.Namespace+"--signing_key--v1"),
					})),
				},
			},
		},
	})
}

func TestExamplesFunctions(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	for _, fn := range []string{"hmac", "verify_hmac", "sign_jwt", "verify_jwt"} {
		t.Run(fn, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.Factories(),
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
				// The function's example applies as written.
				Steps: []resource.TestStep{{Config: acctest.Example(t, "functions/"+fn+"/function.tf")}},
			})
		})
	}
}

func TestExampleProviderAndQuickstart(t *testing.T) {
	// Serial: t.Setenv sets the provider's variables for the whole process.
	e := acctest.New(t)
	e.NeedsEmulator(t)
	t.Setenv(settings.EnvAPIToken, e.Token)
	t.Setenv(settings.EnvAccountID, e.AccountID)
	t.Setenv(settings.EnvBaseURL, e.BaseURL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				// The provider example, credentials from the environment,
				// puts a secret in its namespace.
				Config: acctest.Example(t, "provider/provider.tf") + `resource "layeron_secret" "k" {
  name = "k"
  kind = "random"
}`,
				Check: resource.TestCheckResourceAttr("layeron_secret.k", "secret_name", "shop--k"),
			},
			{
				// The quickstart applies and gives its two Worker bindings.
				Config:          acctest.Example(t, "quickstart/main.tf"),
				ConfigVariables: config.Variables{"webhook_secret": config.StringVariable("whsec_example")},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("worker_bindings", knownvalue.ListSizeExact(2)),
				},
			},
		},
	})
}

// The terraform test example runs against the emulator: two runs pass, and
// the test destroys what they made.
func TestExampleModuleTest(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	w := e.Workspace(t, provider.Options{})
	module := acctest.Example(t, "tests/main.tf")
	_, body, found := strings.Cut(module, "\nvariable ")
	if !found {
		t.Fatal("the example module has no variable block after its terraform block")
	}
	w.Write(t, e.Config("variable "+body))
	w.WriteFile(t, "tests/rotation.tftest.hcl", acctest.Example(t, "tests/tests/rotation.tftest.hcl"))
	w.MustRun(t, "init")
	out := w.MustRun(t, "test")
	if !strings.Contains(out, "2 passed, 0 failed") {
		t.Fatalf("the module test did not pass both runs:\n%s", out)
	}
	if left := len(e.Emulator.Secrets(e.AccountID)); left != 0 {
		t.Fatalf("the module test left %d store secrets", left)
	}
}

// The action examples rotate the key on demand and on a release, and
// revoke its retained versions; the query example lists it.
func TestExamplesActionsAndQuery(t *testing.T) {
	t.Parallel()
	acctest.RequireTerraform(t, "1.14.0", "actions and terraform query")
	e := acctest.New(t)
	e.NeedsEmulator(t)
	key := acctest.Example(t, "resources/layeron_secret/resource.tf")
	current := e.Namespace + "--signing_key"
	kept := func(v string) bool { _, ok := e.Emulator.Secret(e.AccountID, current+"--v"+v); return ok }

	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(key+acctest.Example(t, "actions/layeron_secret_rotate/action.tf", "actions/layeron_secret_revoke/action.tf")))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.MustRun(t, "apply", "-invoke=action.layeron_secret_rotate.signing_key")
	w.MustRun(t, "apply", "-var=release=2026.12.2")
	if !kept("1") || !kept("2") {
		t.Fatalf("rotating on demand and on a release does not keep versions 1 and 2: %v", e.Emulator.Secrets(e.AccountID))
	}
	if out := w.MustRun(t, "plan", "-invoke=action.layeron_secret_revoke.signing_key"); !strings.Contains(out, "Retained Versions to Delete") {
		t.Fatalf("the revoke plan does not say what it deletes:\n%s", out)
	}
	w.MustRun(t, "apply", "-invoke=action.layeron_secret_revoke.signing_key")
	if kept("1") || kept("2") {
		t.Fatalf("revoke left retained versions: %v", e.Emulator.Secrets(e.AccountID))
	}

	q := e.Workspace(t, provider.Options{})
	q.Write(t, e.ProviderConfig())
	q.WriteFile(t, "list.tfquery.hcl", e.InNamespace(acctest.Example(t, "list-resources/layeron_secret/list-resource.tfquery.hcl")))
	q.MustRun(t, "init")
	if out := q.MustRun(t, "query", "-no-color"); !strings.Contains(out, e.Namespace+"/signing_key (random, version 3)") {
		t.Fatalf("the query example does not list the key:\n%s", out)
	}
}

// Both import examples import the key into another state: by string id on
// every engine, by identity on Terraform 1.12 or OpenTofu 1.12 and later.
func TestExamplesImport(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	key := acctest.Example(t, "resources/layeron_secret/resource.tf")
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(key))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	t.Cleanup(func() {
		if _, err := w.Run("destroy"); err != nil {
			t.Error(err)
		}
	})

	files := []string{"import-by-string-id.tf"}
	if v, _ := engineVersion(t); !v.LessThan(version.Must(version.NewVersion("1.12.0"))) {
		files = append(files, "import-by-identity.tf")
	}
	for _, file := range files {
		i := e.Workspace(t, provider.Options{})
		i.Write(t, e.Config(key+e.InNamespace(acctest.Example(t, "resources/layeron_secret/"+file))))
		i.MustRun(t, "init")
		if out := i.MustRun(t, "plan"); !strings.Contains(out, "Plan: 1 to import, 0 to add") {
			t.Fatalf("%s does not plan an import:\n%s", file, out)
		}
	}
}

// An action in the root module rotates a secret that a shared module
// declares, named through the module's outputs.
func TestExampleActionOnModuleSecret(t *testing.T) {
	t.Parallel()
	acctest.RequireTerraform(t, "1.14.0", "actions")
	e := acctest.New(t)
	e.NeedsEmulator(t)
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(acctest.Example(t, "actions/layeron_secret_rotate/module.tf")))
	w.WriteFile(t, "modules/signing-key/main.tf", acctest.Example(t, "guides/using-locally/modules/signing-key/main.tf"))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.MustRun(t, "apply", "-invoke=action.layeron_secret_rotate.signing")
	if _, ok := e.Emulator.Secret(e.AccountID, versions.CopyName(e.Namespace, "signing_key", 1)); !ok {
		t.Fatalf("the action did not rotate the module's key, keeping version 1: %v", e.Emulator.Secrets(e.AccountID))
	}
	if out := w.MustRun(t, "plan"); !strings.Contains(out, "No changes.") && !strings.Contains(out, "0 to add, 1 to change") {
		t.Fatalf("the plan after the action is neither clean nor a refresh of the key:\n%s", out)
	}
}

// Without actions, retained versions are deleted by a shorter retention,
// then by mode none, as the revoke action's page says.
func TestExampleRevokeWithoutActions(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	key := acctest.Example(t, "resources/layeron_secret/resource.tf")
	const documented = `retain     = { mode = "retain_for", days = 7 }`
	if !strings.Contains(key, documented) {
		t.Fatalf("the example key no longer says %s", documented)
	}
	config := func(retain, reason string) string {
		return e.Config(strings.Replace(strings.Replace(key, documented, "retain     = "+retain, 1),
			"  consume = {", fmt.Sprintf("  rotation_triggers = { reason = %q }\n\n  consume = {", reason), 1))
	}
	copyName := func(v int) string { return versions.CopyName(e.Namespace, "signing_key", v) }
	kept := func(want ...int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			var got []int
			for v := 1; v <= 3; v++ {
				if _, ok := e.Emulator.Secret(e.AccountID, copyName(v)); ok {
					got = append(got, v)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("retained copies of versions %v, want %v", got, want)
			}
			return nil
		}
	}
	retain7 := `{ mode = "retain_for", days = 7 }`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{Config: config(retain7, "a")},
			// Version 1 is retired on day 0, version 2 on day 2.
			{Config: config(retain7, "b"), Check: kept(1)},
			{PreConfig: func() { e.Fake.AdvanceDays(2) }, Config: config(retain7, "c"), Check: kept(1, 2)},
			// days = 1 deletes the copy retired two days ago and keeps the
			// one retired now.
			{Config: config(`{ mode = "retain_for", days = 1 }`, "c"), Check: kept(2)},
			// mode none deletes every retained copy.
			{Config: config(`{ mode = "none" }`, "c"), Check: kept()},
		},
	})
}

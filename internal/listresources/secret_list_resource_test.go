package listresources_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var terraform114 = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.14.0")))}

// A query lists the Layeron secrets of a namespace, each with its identity
// and a display name, and neither store secrets made by other tools nor
// retained copies nor the secrets of other namespaces.
func TestSecretListResource(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	identity := func(name string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(e.AccountID),
			"store_id":   knownvalue.NotNull(),
			"namespace":  knownvalue.StringExact(e.Namespace),
			"name":       knownvalue.StringExact(name),
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   terraform114,
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				Config: e.Config(`
resource "layeron_secret" "api" {
  name     = "api"
  kind     = "random"
  rotation = { retain = { mode = "retain_forever" }, every_days = 30 }
  rotation_triggers = { release = "2" }
}

resource "layeron_secret" "webhook" {
  name             = "webhook"
  kind             = "static"
  value_wo         = "whsec-static"
  value_wo_version = "1"
}

# Unfulfilled: no store secret holds it yet.
resource "layeron_secret" "pending" {
  name = "pending"
  kind = "generated"
}
`),
				PreConfig: func() {
					e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "made-by-hand", "")
					e.Emulator.Put(e.AccountID, versions.CurrentName("elsewhere", "api"), "other-namespace",
						versions.Encode(versions.Meta{Namespace: "elsewhere", Name: "api", Kind: versions.KindRandom, Version: 1, From: acctest.Start}))
				},
			},
			{
				Query: true,
				Config: `
list "layeron_secret" "here" {
  provider = layeron
  config {
    namespace = "` + e.Namespace + `"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("layeron_secret.here", 2),
					querycheck.ExpectIdentity("layeron_secret.here", identity("api")),
					querycheck.ExpectIdentity("layeron_secret.here", identity("webhook")),
					querycheck.ExpectResourceDisplayName("layeron_secret.here",
						queryfilter.ByResourceIdentity(identity("api")), knownvalue.StringExact(e.Namespace+"/api (random, version 1)")),
				},
			},
		},
	})
}

// terraform query -generate-config-out writes the import and resource
// blocks of the listed secrets, without a value, and they apply as an
// import that changes nothing: the store and a plan afterwards are as
// before.
func TestSecretQueryGeneratesImports(t *testing.T) {
	t.Parallel()
	acctest.RequireTerraform(t, "1.14.0", "terraform query")
	e := acctest.New(t)
	e.NeedsEmulator(t)
	from := acctest.Start.Add(-24 * time.Hour)
	// A random secret from a release that kept no holder, with a retained
	// copy, and a generated one that the CLI fulfilled.
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "api"), "random-value-2",
		versions.Encode(versions.Meta{Namespace: e.Namespace, Name: "api", Kind: versions.KindRandom, Version: 2, From: from,
			Bytes: 32, Format: "text", EveryDays: 30, RetainMode: versions.RetainForever, Purpose: "billing API"}))
	e.Emulator.Put(e.AccountID, versions.CopyName(e.Namespace, "api", 1), "random-value-1",
		versions.Encode(versions.Meta{Namespace: e.Namespace, Name: "api", Kind: versions.KindRandom, Version: 1, From: from.Add(-time.Hour),
			Retired: true, Until: from, ExpiresNever: true}))
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "webhook"), "whsec-value",
		versions.Encode(versions.Meta{Namespace: e.Namespace, Name: "webhook", Kind: versions.KindGenerated, Version: 1, From: from, RetainMode: versions.RetainForever}))
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "made-by-hand", "")
	before := map[string]string{}
	for _, s := range e.Emulator.Secrets(e.AccountID) {
		before[s.Name] = s.Comment + e.Emulator.Fingerprint(e.AccountID, s.Name)
	}

	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.ProviderConfig())
	query := "list \"layeron_secret\" \"found\" {\n  provider = layeron\n  config {\n    namespace = \"" + e.Namespace + "\"\n  }\n}\n"
	w.WriteFile(t, "find.tfquery.hcl", query)
	w.MustRun(t, "init")
	e.Emulator.ResetCounters()
	out := w.MustRun(t, "query", "-no-color", "-generate-config-out=generated.tf")
	if n := e.Emulator.Count("GET /secrets"); n != 1 {
		t.Errorf("the query listed the store %d times, want once: %v", n, e.Emulator.Requests())
	}
	if n := len(e.Emulator.Requests()) - e.Emulator.Count("GET /secrets") - e.Emulator.Count("GET /stores"); n != 0 {
		t.Errorf("the query made %d requests besides listing the store: %v", n, e.Emulator.Requests())
	}
	for _, want := range []string{e.Namespace + "/api (random, version 2)", e.Namespace + "/webhook (generated, version 1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the query does not list %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "handmade") {
		t.Errorf("the query lists a store secret made by hand:\n%s", out)
	}
	generated, err := os.ReadFile(filepath.Join(w.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, value := range []string{"random-value", "whsec-value", "made-by-hand"} {
		if strings.Contains(string(generated)+out, value) {
			t.Fatalf("the query or its generated configuration holds a value:\n%s", generated)
		}
	}
	if n := strings.Count(string(generated), "import {"); n != 2 {
		t.Fatalf("generated.tf holds %d import blocks, want 2:\n%s", n, generated)
	}

	plan := w.MustRun(t, "plan")
	if !strings.Contains(plan, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("the generated configuration does not plan as a clean import:\n%s\n%s", generated, plan)
	}
	w.MustRun(t, "apply")
	if plan := w.MustRun(t, "plan", "-detailed-exitcode"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the plan after the import is not clean:\n%s", plan)
	}
	for _, s := range e.Emulator.Secrets(e.AccountID) {
		if was, ok := before[s.Name]; !ok || was != s.Comment+e.Emulator.Fingerprint(e.AccountID, s.Name) {
			t.Errorf("the import changed store secret %s: %v", s.Name, e.Emulator.Secrets(e.AccountID))
		}
	}
	if !regexp.MustCompile(`(?s)resource "layeron_secret" "[^"]+" \{.*kind\s+= "random"`).Match(generated) {
		t.Errorf("generated.tf does not declare the random secret:\n%s", generated)
	}
}

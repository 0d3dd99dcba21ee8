package resources_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// A replacement says which store secrets its destroy deletes, retained
// versions whose retention still runs included, and that its new secret
// starts again at version 1; a destroy plan says so too.
func TestSecretReplaceSaysWhatGoes(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(triggeredSecrets(retainForever, "1", "k")))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.Write(t, e.Config(triggeredSecrets(retainForever, "2", "k")))
	w.MustRun(t, "apply")

	// Terraform shows no warning of the create a -replace plans, but the
	// plan lists every store secret that goes.
	plan := w.MustRun(t, "plan", "-replace=layeron_secret.test", "-out=p.tfplan")
	for _, want := range []*regexp.Regexp{regexp.MustCompile(`current_version += "2" -> \(known after apply\)`), regexp.MustCompile(`- secret_name += "` + copy1 + `"`)} {
		if !want.MatchString(plan) {
			t.Fatalf("the replacement's plan does not match %s:\n%s", want, plan)
		}
	}
	w.MustRun(t, "apply", "p.tfplan")
	s, _ := e.Emulator.Secret(e.AccountID, current)
	if meta, err := versions.Decode(s.Comment); err != nil || meta.Version != 1 {
		t.Fatalf("the replacement wrote version %d, want 1", meta.Version)
	}
	if got := familyVersions(t, e, "k"); len(got) != 1 {
		t.Fatalf("the store holds versions %v after the replacement, want version 1 alone", got)
	}

	// A change of kind replaces the secret too, and says so.
	w.Write(t, e.Config(triggeredSecrets(retainForever, "3", "k")))
	w.MustRun(t, "apply")
	w.Write(t, e.Configf(`
resource "layeron_secret" "test" {
  name     = "k"
  kind     = "static"
  value    = "a-static-value-0f3e"
  rotation = { retain = { mode = "retain_forever" } }
}
`))
	plan = strings.Join(strings.Fields(w.MustRun(t, "plan", "-out=p.tfplan")), " ")
	for _, want := range []string{"Secret Replaced", `"` + copy1 + `" (version 1, retained forever)`, `"` + current + `" (the current version 2)`, "starts again at version 1"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("the replacement's plan does not say %q:\n%s", want, plan)
		}
	}
	w.MustRun(t, "apply", "p.tfplan")
	if got := familyVersions(t, e, "k"); len(got) != 1 {
		t.Fatalf("the store holds versions %v after the replacement by kind, want version 1 alone", got)
	}

	plan = strings.Join(strings.Fields(w.MustRun(t, "plan", "-destroy")), " ")
	for _, want := range []string{"Store Secrets Deleted by Destroy", "deletes 1 store secret(s)", `"` + current + `" (the current version 1)`, "starts again at version 1"} {
		if !strings.Contains(plan, want) {
			t.Fatalf("the destroy plan does not say %q:\n%s", want, plan)
		}
	}
}

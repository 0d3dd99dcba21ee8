package actions_test

import (
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// ownTrigger is a random secret whose own lifecycle event runs action
// (layeron_secret_rotate or layeron_secret_revoke) on it.
func ownTrigger(event, action string) string {
	return `
variable "days" {
  type    = number
  default = 7
}

resource "layeron_secret" "api" {
  name     = "api"
  kind     = "random"
  rotation = { retain = { mode = "retain_for", days = var.days } }
  lifecycle {
    action_trigger {
      events  = [` + event + `]
      actions = [action.` + action + `.api]
    }
  }
}

action "layeron_secret_rotate" "api" {
  config {
    name = "api"
  }
}

action "layeron_secret_revoke" "api" {
  config {
    name = "api"
  }
}
`
}

// An action triggered before_update by the secret's own resource runs
// between that resource's apply-time plan and its update, so a write would
// make the update fail: it is refused before anything is written, saying to
// use after_update. From after_update the update lands and the rotation
// writes exactly one new version.
func TestActionOnOwnSecretUpdate(t *testing.T) {
	t.Parallel()
	acctest.RequireTerraform(t, "1.14.0", "actions")
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "api")
	copyOf := func(v int) string { return versions.CopyName(e.Namespace, "api", v) }
	kept := func(v int) bool { _, ok := e.Emulator.Secret(e.AccountID, copyOf(v)); return ok }
	writes := func() int {
		return e.Emulator.Count("PATCH /secrets/{id}") + e.Emulator.Count("POST /secrets/{id}/duplicate") + e.Emulator.Count("DELETE /secrets/{id}")
	}
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(ownTrigger("before_update", "layeron_secret_rotate")))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	first := e.Emulator.Fingerprint(e.AccountID, current)
	stored, _ := e.Emulator.Secret(e.AccountID, current)

	e.Fake.Advance(60e9)
	e.Emulator.ResetCounters()
	out, err := w.Run("apply", "-var=days=14")
	if err == nil || !strings.Contains(out, "Secret Change Not Yet Applied") || !strings.Contains(out, "after_update") {
		t.Fatalf("rotating from the secret's own before_update was not refused with a message naming after_update: %v\n%s", err, out)
	}
	if strings.Contains(out, "Error: Secret Changed Since Plan") {
		t.Fatalf("the update failed after the rotation wrote:\n%s", out)
	}
	now, _ := e.Emulator.Secret(e.AccountID, current)
	if writes() != 0 || e.Emulator.Fingerprint(e.AccountID, current) != first || kept(1) || now.Comment != stored.Comment {
		t.Fatalf("a refused rotation wrote to the store: %v\n%v", e.Emulator.Requests(), e.Emulator.Secrets(e.AccountID))
	}
	if state := w.MustRun(t, "show", "-json"); !strings.Contains(state, `"days":7`) || !strings.Contains(state, `"current_version":"1"`) {
		t.Fatalf("the state changed although the apply was refused:\n%s", state)
	}

	// From after_update, the same change lands, then the rotation writes
	// version 2 and keeps version 1.
	w.Write(t, e.Config(ownTrigger("after_update", "layeron_secret_rotate")))
	e.Emulator.ResetCounters()
	out = w.MustRun(t, "apply", "-var=days=14")
	if !strings.Contains(out, "Wrote version 2 of secret "+e.Namespace+"/api") {
		t.Fatalf("the rotation after the update did not write version 2:\n%s", out)
	}
	if e.Emulator.Count("POST /secrets/{id}/duplicate") != 1 || e.Emulator.Fingerprint(e.AccountID, copyOf(1)) != first ||
		e.Emulator.Fingerprint(e.AccountID, current) == first || kept(2) {
		t.Fatalf("the update and its rotation did not write exactly one new version: %v\n%v", e.Emulator.Requests(), e.Emulator.Secrets(e.AccountID))
	}
	w.MustRun(t, "apply", "-refresh-only", "-var=days=14")
	if state := w.MustRun(t, "show", "-json"); !strings.Contains(state, `"days":14`) || !strings.Contains(state, `"current_version":"2"`) {
		t.Fatalf("the refreshed state does not hold the update at version 2:\n%s", state)
	}
	if plan := w.MustRun(t, "plan", "-detailed-exitcode", "-var=days=14"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the plan after the update and its rotation is not clean:\n%s", plan)
	}

	// Revoking from before_update is refused too: the update was planned
	// against the copies the store keeps.
	w.Write(t, e.Config(ownTrigger("before_update", "layeron_secret_revoke")))
	e.Emulator.ResetCounters()
	out, err = w.Run("apply", "-var=days=21")
	if err == nil || !strings.Contains(out, "Secret Change Not Yet Applied") || writes() != 0 || !kept(1) {
		t.Fatalf("revoking from the secret's own before_update was not refused before deleting: %v\n%s", err, out)
	}
	w.MustRun(t, "destroy", "-var=days=21")
}

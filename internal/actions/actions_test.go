package actions_test

import (
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// secrets is a random secret that keeps retired versions for a week, a
// static one, the actions on them, and a deployment whose updates rotate
// the random secret.
const secrets = `
variable "release" {
  type    = string
  default = "1"
}

resource "layeron_secret" "api" {
  name     = "api"
  kind     = "random"
  rotation = { retain = { mode = "retain_for", days = 7 } }
}

resource "layeron_secret" "static" {
  name             = "static"
  kind             = "static"
  value_wo         = "s3cr3t-static-value"
  value_wo_version = "1"
}

action "layeron_secret_rotate" "api" {
  config {
    name = layeron_secret.api.name
  }
}

action "layeron_secret_rotate" "static" {
  config {
    name = layeron_secret.static.name
  }
}

resource "terraform_data" "deploy" {
  input = var.release
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.layeron_secret_rotate.api]
    }
  }
}
`

// The rotate action writes a new random value as the next version, keeps
// the previous one as the policy says, and leaves a plan that is clean
// once refreshed; from a lifecycle event too. A static secret is refused
// and nothing is written.
func TestRotateAction(t *testing.T) {
	t.Parallel()
	acctest.RequireTerraform(t, "1.14.0", "actions")
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "api")
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(secrets))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	first := e.Emulator.Fingerprint(e.AccountID, current)

	e.Fake.Advance(60e9)
	out := w.MustRun(t, "apply", "-invoke=action.layeron_secret_rotate.api")
	if !strings.Contains(out, "Wrote version 2 of secret "+e.Namespace+"/api; version 1 is kept as store secret") {
		t.Fatalf("the rotation's progress is not shown:\n%s", out)
	}
	copy1 := versions.CopyName(e.Namespace, "api", 1)
	if e.Emulator.Fingerprint(e.AccountID, current) == first || e.Emulator.Fingerprint(e.AccountID, copy1) != first {
		t.Fatalf("the current value did not change, or version 1 is not kept as %s: %v", copy1, e.Emulator.Secrets(e.AccountID))
	}
	if plan := w.MustRun(t, "plan", "-detailed-exitcode"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the plan after the rotation is not clean:\n%s", plan)
	}
	w.MustRun(t, "apply", "-refresh-only")
	if state := w.MustRun(t, "show", "-json"); !strings.Contains(state, `"current_version":"2"`) {
		t.Fatalf("the refreshed state is not at version 2:\n%s", state)
	}

	// A deployment's update triggers the rotation.
	e.Fake.Advance(60e9)
	second := e.Emulator.Fingerprint(e.AccountID, current)
	w.MustRun(t, "apply", "-var=release=2")
	if e.Emulator.Fingerprint(e.AccountID, current) == second || e.Emulator.Fingerprint(e.AccountID, versions.CopyName(e.Namespace, "api", 2)) != second {
		t.Fatalf("the deployment's update did not rotate the secret to version 3: %v", e.Emulator.Secrets(e.AccountID))
	}

	static := versions.CurrentName(e.Namespace, "static")
	before := e.Emulator.Fingerprint(e.AccountID, static)
	e.Emulator.ResetCounters()
	out, err := w.Run("apply", "-invoke=action.layeron_secret_rotate.static")
	if err == nil || !strings.Contains(out, "Secret Not Random") || !strings.Contains(out, "value_wo_version") {
		t.Fatalf("rotating a static secret was not refused with a message naming value_wo_version: %v\n%s", err, out)
	}
	if e.Emulator.Fingerprint(e.AccountID, static) != before || e.Emulator.Count("PATCH /secrets/{id}")+e.Emulator.Count("POST /secrets/{id}/duplicate") != 0 {
		t.Fatalf("a refused rotation wrote to the store: %v", e.Emulator.Requests())
	}
	if strings.Contains(out, "s3cr3t-static-value") {
		t.Fatal("the refusal printed the static value")
	}
	w.MustRun(t, "destroy")
}

// The revoke action deletes the retained copies asked for, or all of them,
// says at plan time which, and never the current version.
func TestRevokeAction(t *testing.T) {
	t.Parallel()
	acctest.RequireTerraform(t, "1.14.0", "actions")
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "api")
	copyOf := func(v int) string { return versions.CopyName(e.Namespace, "api", v) }
	w := e.Workspace(t, provider.Options{})
	config := func(versions string) string {
		return e.Config(secrets + `
action "layeron_secret_revoke" "api" {
  config {
    name     = layeron_secret.api.name
    ` + versions + `
  }
}
`)
	}
	w.Write(t, config(""))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	for range 2 {
		e.Fake.Advance(60e9)
		w.MustRun(t, "apply", "-invoke=action.layeron_secret_rotate.api")
	}
	kept := func(v int) bool { _, ok := e.Emulator.Secret(e.AccountID, copyOf(v)); return ok }
	if !kept(1) || !kept(2) {
		t.Fatalf("two rotations do not keep versions 1 and 2: %v", e.Emulator.Secrets(e.AccountID))
	}
	value := e.Emulator.Fingerprint(e.AccountID, current)

	w.Write(t, config("versions = [3]"))
	out, err := w.Run("plan", "-invoke=action.layeron_secret_revoke.api")
	if err == nil || !strings.Contains(out, "Current Version Not Revocable") {
		t.Fatalf("revoking the current version was not refused at plan time: %v\n%s", err, out)
	}

	w.Write(t, config("versions = [1, 9]"))
	out = w.MustRun(t, "plan", "-invoke=action.layeron_secret_revoke.api")
	_, deletes, _ := strings.Cut(out, "Warning: Retained Versions to Delete")
	deletes, _, _ = strings.Cut(deletes, "Warning:")
	if !strings.Contains(deletes, copyOf(1)) || strings.Contains(deletes, copyOf(2)) || !strings.Contains(out, "Versions Not Retained") {
		t.Fatalf("the plan does not say that version 1 alone is deleted and version 9 is not retained:\n%s", out)
	}
	w.MustRun(t, "apply", "-invoke=action.layeron_secret_revoke.api")
	if kept(1) || !kept(2) || e.Emulator.Fingerprint(e.AccountID, current) != value {
		t.Fatalf("revoking version 1 did not delete it alone: %v", e.Emulator.Secrets(e.AccountID))
	}

	w.Write(t, config(""))
	w.MustRun(t, "apply", "-invoke=action.layeron_secret_revoke.api")
	if kept(2) || e.Emulator.Fingerprint(e.AccountID, current) != value {
		t.Fatalf("revoking every retained version did not delete version 2 alone: %v", e.Emulator.Secrets(e.AccountID))
	}
	if plan := w.MustRun(t, "plan", "-detailed-exitcode"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the plan after revoking is not clean:\n%s", plan)
	}
	w.MustRun(t, "destroy")
}

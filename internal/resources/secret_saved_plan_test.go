package resources_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// purposeSecret declares random secret k, rotated every day from startAt
// under retain, with a purpose from a variable.
func purposeSecret(e *acctest.Env, startAt time.Time, retain string) string {
	return e.Configf(`
variable "purpose" {
  type    = string
  default = "a"
}

resource "layeron_secret" "test" {
  name      = "k"
  kind      = "random"
  rotation  = { every_days = 1, start_at = %q, retain = %s }
  ownership = { purpose = var.purpose }
}
`, startAt.UTC().Format(time.RFC3339), retain)
}

// A plan saved before a due time and applied after it applies what it
// showed, the purpose alone, and the rotation waits for the next plan,
// as terraform-provider-time decides a rotation at refresh.
func TestSecretSavedPlanCrossesDueTime(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	w := e.Workspace(t, provider.Options{})
	w.Write(t, purposeSecret(e, e.Clock.Now().Add(45*time.Second), retainWeek))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	first := e.Emulator.Fingerprint(e.AccountID, current)

	plan := w.MustRun(t, "plan", "-var", "purpose=b", "-out=p.tfplan")
	if strings.Contains(plan, "current_version") {
		t.Fatalf("the plan before the due time rotates:\n%s", plan)
	}
	e.Fake.Advance(time.Minute)
	// A plan without refresh judges as of the last refresh, too.
	if plan := w.MustRun(t, "plan", "-refresh=false", "-var", "purpose=b"); strings.Contains(plan, "current_version") {
		t.Fatalf("a plan without refresh judged the due time anew:\n%s", plan)
	}
	w.MustRun(t, "apply", "p.tfplan")
	if got := familyVersions(t, e, "k"); len(got) != 1 || e.Emulator.Fingerprint(e.AccountID, current) != first {
		t.Fatalf("the saved plan rotated the secret: the store holds versions %v", got)
	}
	if s, _ := e.Emulator.Secret(e.AccountID, current); !strings.Contains(s.Comment, "purpose=b") {
		t.Fatalf("the saved plan's purpose was not applied: %q", s.Comment)
	}

	// The next plan refreshes after the due time and shows the rotation,
	// which its own apply carries out.
	plan = w.MustRun(t, "plan", "-var", "purpose=b", "-out=p.tfplan")
	if !regexp.MustCompile(`current_version += "1" -> "2"`).MatchString(plan) {
		t.Fatalf("the plan after the due time does not rotate:\n%s", plan)
	}
	w.MustRun(t, "apply", "p.tfplan")
	if got := familyVersions(t, e, "k"); len(got) != 2 {
		t.Fatalf("the store holds versions %v, want 1 and 2", got)
	}
}

// A plan saved before a retained copy expires and applied after applies
// what it showed: the copy it listed is still there, and the next plan
// prunes it.
func TestSecretSavedPlanCrossesExpiry(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	copy1 := versions.CopyName(e.Namespace, "k", 1)
	w := e.Workspace(t, provider.Options{})
	config := func(reason string) string {
		return e.Config(strings.Replace(triggeredSecrets(`{ mode = "retain_for", days = 1 }`, reason, "k"), "every_days = 30, ", "", 1))
	}
	w.Write(t, config("1"))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.Write(t, config("2"))
	w.MustRun(t, "apply")
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); !ok {
		t.Fatal("the rotation kept no copy of version 1")
	}

	e.Fake.Advance(versions.Day - time.Minute)
	w.Write(t, strings.Replace(config("2"), `kind              = "random"`, `kind              = "random"
  ownership         = { purpose = "b" }`, 1))
	w.MustRun(t, "plan", "-out=p.tfplan")
	e.Fake.Advance(2 * time.Minute)
	w.MustRun(t, "apply", "p.tfplan")
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); !ok {
		t.Fatal("the saved plan pruned a copy it listed as kept")
	}
	plan := w.MustRun(t, "plan", "-out=p.tfplan")
	if !regexp.MustCompile(fmt.Sprintf(`- secret_name += %q`, copy1)).MatchString(plan) {
		t.Fatalf("the plan after the expiry does not prune version 1:\n%s", plan)
	}
	w.MustRun(t, "apply", "p.tfplan")
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); ok {
		t.Fatal("the apply after the expiry kept version 1")
	}
}

// A retained version revoked between a rotation's plan, which shows the
// versions it keeps, and its apply stops the apply before it writes, with
// what changed, rather than failing as an inconsistent plan.
func TestSecretSavedPlanAfterRevoke(t *testing.T) {
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
	w.Write(t, e.Config(triggeredSecrets(retainForever, "3", "k")))
	w.MustRun(t, "plan", "-out=p.tfplan")
	before := e.Emulator.Fingerprint(e.AccountID, current)
	e.Emulator.Remove(e.AccountID, copy1)
	e.Emulator.ResetCounters()
	out, err := w.Run("apply", "p.tfplan")
	msg := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(msg, "Secret Changed Since Plan") || strings.Contains(msg, "inconsistent") {
		t.Fatalf("the apply of a plan whose retained versions changed was not refused as such: %v", err)
	}
	for _, r := range e.Emulator.Requests() {
		if r.Method != "GET" {
			t.Fatalf("the refused apply wrote: %s %s", r.Method, r.Route)
		}
	}
	if e.Emulator.Fingerprint(e.AccountID, current) != before {
		t.Fatal("the refused apply changed the current value")
	}
}

// A plan that only prunes an expired copy is a write too: while another
// writer's rotation holds the lock it is refused at plan time.
func TestSecretPruneWaitsForALock(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1, copy2 := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1), versions.CopyName(e.Namespace, "k", 2)
	w := e.Workspace(t, provider.Options{})
	config := func(reason string) string {
		return e.Config(strings.Replace(triggeredSecrets(`{ mode = "retain_for", days = 1 }`, reason, "k"), "every_days = 30, ", "", 1))
	}
	w.Write(t, config("1"))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.Write(t, config("2"))
	w.MustRun(t, "apply")
	e.Fake.Advance(versions.Day)
	// Another writer has just copied version 2, its lock.
	s, _ := e.Emulator.Secret(e.AccountID, current)
	meta, err := versions.Decode(s.Comment)
	if err != nil {
		t.Fatal(err)
	}
	lock := versions.Encode(versions.Retention{Mode: versions.RetainFor, Days: 1}.Retire(meta, versions.Instant(e.Clock.Now()), "00000000000000bb"))
	if _, err := e.Client().Duplicate(context.Background(), s.ID, s.Name, copy2, lock, s.Scopes); err != nil {
		t.Fatal(err)
	}
	e.Emulator.ResetCounters()
	if out, err := w.Run("plan"); err == nil || !strings.Contains(out, "Secret Rotation In Progress") {
		t.Fatalf("the prune under another writer's lock was not refused: %v", err)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); !ok {
		t.Fatal("the expired copy went under another writer's lock")
	}
	// Once the lease has run out, the apply prunes the expired copy and the
	// dead lock.
	e.Fake.Advance(versions.RotationLease)
	w.MustRun(t, "apply")
	if got := familyVersions(t, e, "k"); len(got) != 1 {
		t.Fatalf("the store holds versions %v, want version 2 alone", got)
	}
}

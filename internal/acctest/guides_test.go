package acctest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/acctest/standin"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// The guides' examples are applied as written, with hashicorp/random and
// cloudflare/cloudflare served by stand-ins that keep their schemas.

// readState returns the workspace's state file as it is on disk.
func readState(t *testing.T, w *acctest.Workspace) string {
	t.Helper()
	state, err := os.ReadFile(filepath.Join(w.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	return string(state)
}

// The migration guide: a cloudflare_secrets_store_secret, whose value is in
// state, is copied by `layeron secret adopt`, forgotten by a removed block
// and replaced by an imported layeron_secret, in one plan that changes
// nothing in the store. Afterwards the value is in no state, the original
// store secret is as it was, and the next plan is clean.
func TestGuideMigrating(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	storeID := e.StoreID(t)
	const value = "sk_live_51HxMigrating"
	cloudflareBlock := fmt.Sprintf("provider \"cloudflare\" {\n  api_token = %q\n  base_url  = %q\n}\n", e.Token, e.BaseURL)
	w := e.Workspace(t, provider.Options{})
	w.Beside("cloudflare/cloudflare", standin.Cloudflare())

	w.Write(t, acctest.Example(t, "guides/migrating/before/main.tf"))
	w.WriteFile(t, "providers.tf", cloudflareBlock)
	vars := []string{"-var=account_id=" + e.AccountID, "-var=store_id=" + storeID, "-var=stripe_key=" + value}
	w.MustRun(t, "init")
	w.MustRun(t, append([]string{"apply"}, vars...)...)
	if !strings.Contains(readState(t, w), value) {
		t.Fatal("the stand-in does not keep the value in state as cloudflare_secrets_store_secret does")
	}
	original, ok := e.Emulator.Secret(e.AccountID, "STRIPE_KEY")
	if !ok {
		t.Fatal("the old resource made no store secret STRIPE_KEY")
	}

	adopt := map[string]string{settings.EnvAPIToken: e.Token, settings.EnvAccountID: e.AccountID, settings.EnvBaseURL: e.BaseURL}
	var stdout, stderr strings.Builder
	if code := cli.Run(context.Background(), []string{"secret", "adopt", "STRIPE_KEY", e.Namespace + "/stripe_key"}, cli.Env{
		Getenv: func(k string) string { return adopt[k] }, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Now: e.Clock.Now,
	}); code != cli.ExitOK {
		t.Fatalf("layeron secret adopt exited %d: %s", code, stderr.String())
	}

	w.Write(t, e.InNamespace(acctest.Example(t, "guides/migrating/after/main.tf")))
	w.WriteFile(t, "providers.tf", cloudflareBlock+e.ProviderBlock())
	plan := w.MustRun(t, "plan")
	// Each engine words the removal its own way; the apply below shows
	// that it forgets the resource without deleting it.
	for _, want := range []string{"1 to import, 0 to add, 0 to change, 0 to destroy", "# cloudflare_secrets_store_secret.stripe_key will "} {
		if !strings.Contains(plan, want) {
			t.Fatalf("the migration plan does not say %q:\n%s", want, plan)
		}
	}
	w.MustRun(t, "apply")
	if state := readState(t, w); strings.Contains(state, value) || strings.Contains(state, "cloudflare_secrets_store_secret") {
		// The state is not printed: it would show the value.
		t.Fatal("the state still holds the old resource or its value")
	}
	if out := w.MustRun(t, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the migrated configuration plans changes:\n%s", out)
	}
	after, ok := e.Emulator.Secret(e.AccountID, "STRIPE_KEY")
	if !ok || after.Comment != original.Comment || !after.Modified.Equal(original.Modified) || !e.Emulator.ValueEquals(e.AccountID, "STRIPE_KEY", value) {
		t.Fatalf("the migration changed STRIPE_KEY: %+v, was %+v", after, original)
	}
	if !e.Emulator.ValueEquals(e.AccountID, versions.CurrentName(e.Namespace, "stripe_key"), value) {
		t.Fatal("the Layeron secret does not hold the adopted value")
	}
}

// The database password guide: one ephemeral password feeds the static
// secret's value_wo. The store holds the password of the apply that wrote
// it; no password is in state, a saved plan, any output or the store's
// comment; later plans, which open a new password each, change nothing
// until value_wo_version does, and the change keeps the previous password
// for a day.
func TestGuideDatabasePassword(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	var mu sync.Mutex
	var passwords []string
	opened := func(p string) { mu.Lock(); defer mu.Unlock(); passwords = append(passwords, p) }
	last := func() string { mu.Lock(); defer mu.Unlock(); return passwords[len(passwords)-1] }

	w := e.Workspace(t, provider.Options{})
	w.Beside("hashicorp/random", standin.Random(opened))
	w.Write(t, e.InNamespace(acctest.Example(t, "guides/database-password/main.tf")))
	w.WriteFile(t, "providers.tf", e.ProviderBlock())
	var printed strings.Builder
	run := func(args ...string) string {
		out := w.MustRun(t, args...)
		printed.WriteString(out)
		return out
	}
	run("init")
	run("apply")
	current := versions.CurrentName(e.Namespace, "db_password")
	first := last()
	if !e.Emulator.ValueEquals(e.AccountID, current, first) {
		t.Fatal("the store does not hold the password the apply opened")
	}
	if out := run("plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("a new ephemeral password plans a change without a new value_wo_version:\n%s", out)
	}
	run("apply", "-var=db_password_version=2")
	second := last()
	if first == second || !e.Emulator.ValueEquals(e.AccountID, current, second) {
		t.Fatal("a new value_wo_version does not write the new password")
	}
	if !e.Emulator.ValueEquals(e.AccountID, versions.CopyName(e.Namespace, "db_password", 1), first) {
		t.Fatal("the previous password is not kept as version 1")
	}
	// A saved plan of the next change, as a CI pipeline keeps it.
	run("plan", "-var=db_password_version=3", "-out=next.tfplan")
	run("show", "-json", "next.tfplan")
	state := readState(t, w)
	stored, _ := e.Emulator.Secret(e.AccountID, current)
	mu.Lock()
	defer mu.Unlock()
	if len(passwords) < 5 {
		t.Fatalf("the stand-in opened %d passwords; plans and applies each open one", len(passwords))
	}
	for _, p := range passwords {
		if strings.Contains(state, p) || strings.Contains(printed.String(), p) || strings.Contains(stored.Comment, p) {
			t.Fatal("a password is in the state, in the CLI's output or plan, or in the store secret's comment")
		}
	}
}

package acctest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/acctest/standin"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
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

// engineVersion returns the version of the CLI under test, and whether it
// is OpenTofu.
func engineVersion(t *testing.T) (*version.Version, bool) {
	t.Helper()
	engine := enginePath(t)
	out, err := exec.Command(engine, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", engine, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(engine, "version").Output()
	if err != nil {
		t.Fatalf("%s version: %v", engine, err)
	}
	return version.Must(version.NewVersion(v.Version)), strings.Contains(string(text), "OpenTofu")
}

// enginePath is the CLI under test.
func enginePath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no Terraform or OpenTofu CLI: set TF_ACC_TERRAFORM_PATH")
	}
	return p
}

// layeronCLI runs the layeron CLI with the given environment and standard
// input, and returns what it printed; it fails the test unless the command
// succeeds.
func layeronCLI(t *testing.T, env map[string]string, stdin string, now func() time.Time, args ...string) string {
	t.Helper()
	var stdout, stderr strings.Builder
	if code := cli.Run(context.Background(), args, cli.Env{
		Getenv: func(k string) string { return env[k] }, Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Now: now,
	}); code != cli.ExitOK {
		t.Fatalf("layeron %s exited %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// The local guide, as a developer runs it: the provider built into bin/,
// the guide's CLI configuration pointing the engine at it, and the
// emulator's address and credentials in the environment. A configuration
// with a module fails to plan until `get` installs the module, which works
// on every engine; then apply, a clean plan, the CLI's listing of versions,
// and destroy. `terraform test` runs with no init. On Terraform 1.16 and
// later, `init` installs the modules without looking the overridden
// provider up in the registry.
func TestGuideUsingLocally(t *testing.T) {
	t.Parallel()
	if acctest.Live() {
		t.Skip("the guide runs against the local emulator")
	}
	engine := enginePath(t)
	const token, account = "dev", "0123456789abcdef0123456789abcdef"
	_, baseURL := emulator.Start(t, emulator.Options{Token: token})
	dir := t.TempDir()
	bin := filepath.Join(dir, "terraform-provider-layeron", "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-layeron"), "github.com/layeron/terraform-provider-layeron")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	cliConfig := filepath.Join(dir, "dev.tfrc")
	tfrc := acctest.Example(t, "guides/using-locally/dev.tfrc")
	if !strings.Contains(tfrc, "/path/to/terraform-provider-layeron/bin") {
		t.Fatal("the guide's CLI configuration no longer names /path/to/terraform-provider-layeron/bin")
	}
	write := func(path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(cliConfig, strings.ReplaceAll(tfrc, "/path/to/terraform-provider-layeron/bin", bin))
	env := map[string]string{settings.EnvBaseURL: baseURL, settings.EnvAPIToken: token, settings.EnvAccountID: account}
	run := func(dir string, args ...string) (string, error) {
		cmd := exec.Command(engine, append([]string{args[0], "-no-color"}, args[1:]...)...)
		cmd.Dir = dir
		for _, kv := range os.Environ() {
			name, _, _ := strings.Cut(kv, "=")
			if name != "TF_CLI_CONFIG_FILE" && name != "TF_REATTACH_PROVIDERS" && !strings.HasPrefix(name, "CLOUDFLARE_") && !strings.HasPrefix(name, "LAYERON_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	mustRun := func(dir string, args ...string) string {
		t.Helper()
		out, err := run(dir, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(engine), strings.Join(args, " "), err, out)
		}
		return out
	}
	configuration := func() string {
		t.Helper()
		d := filepath.Join(t.TempDir(), "config")
		write(filepath.Join(d, "main.tf"), acctest.Example(t, "guides/using-locally/main.tf"))
		write(filepath.Join(d, "modules/signing-key/main.tf"), acctest.Example(t, "guides/using-locally/modules/signing-key/main.tf"))
		return d
	}

	config := configuration()
	if out, err := run(config, "plan"); err == nil || !strings.Contains(out, "Module not installed") {
		t.Fatalf("a plan before get does not fail with Module not installed (%v):\n%s", err, out)
	}
	mustRun(config, "get")
	if out := mustRun(config, "apply", "-auto-approve", "-input=false"); !strings.Contains(out, "Provider development overrides are in effect") {
		t.Fatalf("the apply does not run the overridden provider:\n%s", out)
	}
	if out := mustRun(config, "plan", "-input=false"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after apply is not clean:\n%s", out)
	}
	if out := layeronCLI(t, env, "", time.Now, "secret", "versions", "default/signing_key"); !strings.Contains(out, "default--signing_key") {
		t.Fatalf("layeron secret versions does not list the signing key:\n%s", out)
	}
	mustRun(config, "destroy", "-auto-approve", "-input=false")

	tests := filepath.Join(t.TempDir(), "module")
	write(filepath.Join(tests, "main.tf"), acctest.Example(t, "tests/main.tf"))
	write(filepath.Join(tests, "tests/rotation.tftest.hcl"), acctest.Example(t, "tests/tests/rotation.tftest.hcl"))
	if out := mustRun(tests, "test"); !strings.Contains(out, "2 passed, 0 failed") {
		t.Fatalf("terraform test under the override did not pass both runs:\n%s", out)
	}

	if v, openTofu := engineVersion(t); !openTofu && !v.LessThan(version.Must(version.NewVersion("1.16.0"))) {
		config := configuration()
		mustRun(config, "init", "-input=false")
		if out := mustRun(config, "plan", "-input=false"); !strings.Contains(out, "1 to add") {
			t.Fatalf("the plan after init does not add the signing key:\n%s", out)
		}
	}
}

// The generated secrets guide: the declared secret is not fulfilled, and a
// consumer plans with allow_unfulfilled; `layeron secret put` fulfils it
// from standard input, then from crypto/rand, and `versions` lists it;
// the next apply records the value and the consumer binds it. `layeron
// secret adopt` copies a hand-made store secret, which the guide's import
// brings under the configuration without a change.
func TestGuideGeneratedSecrets(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	env := map[string]string{settings.EnvAPIToken: e.Token, settings.EnvAccountID: e.AccountID, settings.EnvBaseURL: e.BaseURL}
	id := e.Namespace + "/oauth_client"
	output := func(w *acctest.Workspace, name string) string {
		t.Helper()
		return strings.TrimSpace(w.MustRun(t, "output", "-no-color", "-raw", name))
	}

	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(e.InNamespace(acctest.Example(t, "resources/layeron_secret/resource_generated.tf"))+
		"output \"fulfilled\" {\n  value = layeron_secret.oauth_client.fulfilled\n}\n"+
		"output \"bindings\" {\n  value = length(layeron_secret.oauth_client.bindings)\n}\n"))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	if f, b := output(w, "fulfilled"), output(w, "bindings"); f != "false" || b != "0" {
		t.Fatalf("a generated secret not yet fulfilled has fulfilled = %s and %s bindings", f, b)
	}

	c := e.Workspace(t, provider.Options{})
	c.Write(t, e.Config(e.InNamespace(acctest.Example(t, "data-sources/layeron_secret_version/unfulfilled.tf"))+
		"output \"bindings\" {\n  value = length(local.oauth_client_bindings)\n}\n"))
	c.MustRun(t, "init")
	if out := c.MustRun(t, "apply"); !strings.Contains(out, "Secret Not Yet Fulfilled") {
		t.Fatalf("the consumer's apply does not warn that the secret is not yet fulfilled:\n%s", out)
	}
	if f, b := output(c, "oauth_client_fulfilled"), output(c, "bindings"); f != "false" || b != "0" {
		t.Fatalf("the consumer reads fulfilled = %s and %s bindings before a value is written", f, b)
	}

	layeronCLI(t, env, "issued-by-the-partner", e.Clock.Now, "secret", "put", id)
	layeronCLI(t, env, "", e.Clock.Now, "secret", "put", "--random-bytes", "48", id)
	if out := layeronCLI(t, env, "", e.Clock.Now, "secret", "versions", id); !strings.Contains(out, e.Namespace+"--oauth_client") {
		t.Fatalf("layeron secret versions does not list the secret:\n%s", out)
	}
	w.MustRun(t, "apply")
	if out := w.MustRun(t, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after recording the value is not clean:\n%s", out)
	}
	if f, b := output(w, "fulfilled"), output(w, "bindings"); f != "true" || b != "1" {
		t.Fatalf("a fulfilled generated secret has fulfilled = %s and %s bindings", f, b)
	}
	c.MustRun(t, "apply")
	if f, b := output(c, "oauth_client_fulfilled"), output(c, "bindings"); f != "true" || b != "1" {
		t.Fatalf("the consumer reads fulfilled = %s and %s bindings once the secret is fulfilled", f, b)
	}

	// A store secret Workers already bind to, made by hand.
	e.Emulator.Put(e.AccountID, "STRIPE_KEY", "sk_live_51HxGenerated", "")
	original, _ := e.Emulator.Secret(e.AccountID, "STRIPE_KEY")
	layeronCLI(t, env, "", e.Clock.Now, "secret", "adopt", "STRIPE_KEY", e.Namespace+"/stripe_key")
	i := e.Workspace(t, provider.Options{})
	i.Write(t, e.Config(e.InNamespace(acctest.Example(t, "guides/generated-secrets/import.tf"))))
	i.MustRun(t, "init")
	if out := i.MustRun(t, "plan"); !strings.Contains(out, "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the import of the adopted secret plans a change:\n%s", out)
	}
	i.MustRun(t, "apply")
	if out := i.MustRun(t, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the plan after the import is not clean:\n%s", out)
	}
	if after, ok := e.Emulator.Secret(e.AccountID, "STRIPE_KEY"); !ok || after.Comment != original.Comment || !after.Modified.Equal(original.Modified) {
		t.Fatalf("adopting STRIPE_KEY changed it: %+v, was %+v", after, original)
	}
}

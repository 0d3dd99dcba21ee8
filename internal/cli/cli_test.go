package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// layeron runs the CLI against e's store with stdin, and returns its exit
// code and what it printed.
func layeron(e *acctest.Env, stdin string, args ...string) (int, string, string) {
	vars := map[string]string{
		settings.EnvAPIToken: e.Token, settings.EnvAccountID: e.AccountID, settings.EnvBaseURL: e.BaseURL, settings.EnvNamespace: e.Namespace,
	}
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Env{
		Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Now: e.Clock.Now,
	})
	return code, stdout.String(), stderr.String()
}

func mustLayeron(t *testing.T, e *acctest.Env, stdin string, args ...string) string {
	t.Helper()
	code, out, errOut := layeron(e, stdin, args...)
	if code != cli.ExitOK {
		t.Fatalf("layeron %v exited %d: %s", args, code, errOut)
	}
	return out
}

// noValue fails when any of values appears in what the CLI printed.
func noValue(t *testing.T, printed string, values ...string) {
	t.Helper()
	for _, v := range values {
		if strings.Contains(printed, v) {
			t.Fatalf("the CLI printed a value: %q", printed)
		}
	}
}

// A generated secret with retain_forever fulfilled by two puts keeps the
// first value as a copy, and the provider plans no change afterwards.
func TestPutFulfilsGeneratedSecret(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "webhook"), versions.CopyName(e.Namespace, "webhook", 1)
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(`
resource "layeron_secret" "webhook" {
  name     = "webhook"
  kind     = "generated"
  rotation = { retain = { mode = "retain_forever" } }
}
`))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	const first, second = "whsec-first-0c1d2e", "whsec-second-7a8b9c"
	out := mustLayeron(t, e, first+"\n", "secret", "put", e.Namespace+"/webhook")
	e.Fake.Advance(60e9)
	out += mustLayeron(t, e, second+"\n", "secret", "put", e.Namespace+"/webhook")
	noValue(t, out, first, second)
	if !e.Emulator.ValueEquals(e.AccountID, current, second) || !e.Emulator.ValueEquals(e.AccountID, copy1, first) {
		t.Fatalf("the store does not hold the second value as current and the first as version 1: %v", e.Emulator.Secrets(e.AccountID))
	}
	if plan := w.MustRun(t, "plan"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the provider plans changes after the puts:\n%s", plan)
	}
	// versions lists both, newest first, without a value.
	out = mustLayeron(t, e, "", "secret", "versions", "--json", e.Namespace+"/webhook")
	noValue(t, out, first, second)
	var rows []struct {
		Version    int    `json:"version"`
		SecretName string `json:"secret_name"`
		Expires    string `json:"expires"`
		Current    bool   `json:"current"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Version != 2 || !rows[0].Current || rows[1].Version != 1 || rows[1].SecretName != copy1 || rows[1].Expires != "never" {
		t.Fatalf("versions --json = %+v", rows)
	}
	if table := mustLayeron(t, e, "", "secret", "versions", e.Namespace+"/webhook"); !strings.Contains(table, "VERSION") || !strings.Contains(table, copy1) {
		t.Fatalf("versions table:\n%s", table)
	}
	w.MustRun(t, "destroy")
}

// put refuses what it must not write, with an exit code and a message
// saying why, and writes nothing.
func TestPutRefuses(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(`
resource "layeron_secret" "api" {
  name = "api"
  kind = "random"
}
`))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	e.Emulator.Put(e.AccountID, "STRIPE_KEY", "sk_live_x", "")
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "hand", "")
	before := e.Emulator.Fingerprint(e.AccountID, versions.CurrentName(e.Namespace, "api"))
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"secret", "put", e.Namespace + "/api"}, cli.ExitFailed, "is a random secret"},
		{[]string{"secret", "put", e.Namespace + "/handmade"}, cli.ExitFailed, "was not created by Layeron"},
		{[]string{"secret", "put", "--random-bytes", "3", e.Namespace + "/api"}, cli.ExitUsage, "--random-bytes takes 16 to 4096 bytes"},
		{[]string{"secret", "put", "not a name"}, cli.ExitUsage, "is not <namespace>/<name>"},
		{[]string{"secret", "renew", e.Namespace + "/api"}, cli.ExitUsage, "unknown command"},
		{[]string{"secret", "adopt", "STRIPE_KEY", e.Namespace + "/api"}, cli.ExitFailed, "already has store secrets"},
		{[]string{"secret", "adopt", "NOPE", e.Namespace + "/x"}, cli.ExitFailed, `no store secret "NOPE"`},
	} {
		code, _, errOut := layeron(e, "a value\n", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("layeron %v = %d, %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	if e.Emulator.Fingerprint(e.AccountID, versions.CurrentName(e.Namespace, "api")) != before {
		t.Fatal("a refused put wrote the random secret")
	}
	// --force writes it as the next version, which the provider then
	// keeps as it keeps its own.
	mustLayeron(t, e, "", "secret", "put", "--force", "--random-bytes", "32", e.Namespace+"/api")
	if e.Emulator.Fingerprint(e.AccountID, versions.CurrentName(e.Namespace, "api")) == before {
		t.Fatal("the forced put wrote nothing")
	}
	if s, _ := e.Emulator.Secret(e.AccountID, versions.CurrentName(e.Namespace, "api")); !strings.Contains(s.Comment, " v=2 ") {
		t.Fatalf("the forced put is not the secret's version 2: %q", s.Comment)
	}
	if plan := w.MustRun(t, "plan"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the provider plans changes after the forced put:\n%s", plan)
	}
	w.MustRun(t, "destroy")
}

// adopt copies a hand-made store secret into a generated secret's version
// 1, which imports with a clean plan; the original stays exactly as it was.
func TestAdoptThenImport(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	const value = "sk_live_51Hx"
	e.Emulator.Put(e.AccountID, "STRIPE_KEY", value, "set by hand")
	original, _ := e.Emulator.Secret(e.AccountID, "STRIPE_KEY")
	e.Fake.Advance(60e9)
	out := mustLayeron(t, e, "", "secret", "adopt", "STRIPE_KEY", e.Namespace+"/stripe_key")
	noValue(t, out, value)
	current := versions.CurrentName(e.Namespace, "stripe_key")
	if !e.Emulator.ValueEquals(e.AccountID, current, value) {
		t.Fatal("the adopted secret does not hold the original's value")
	}
	if after, _ := e.Emulator.Secret(e.AccountID, "STRIPE_KEY"); after.Comment != original.Comment || !after.Modified.Equal(original.Modified) || !e.Emulator.ValueEquals(e.AccountID, "STRIPE_KEY", value) {
		t.Fatalf("adopt changed the original: %+v, was %+v", after, original)
	}
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(e.InNamespace(acctest.Example(t, "guides/generated-secrets/import.tf"))))
	w.MustRun(t, "init")
	if plan := w.MustRun(t, "plan"); !strings.Contains(plan, "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the import plans more than the import:\n%s", plan)
	}
	w.MustRun(t, "apply")
	if plan := w.MustRun(t, "plan"); !strings.Contains(plan, "No changes.") {
		t.Fatalf("the imported secret plans changes:\n%s", plan)
	}
	w.MustRun(t, "destroy")
	if _, ok := e.Emulator.Secret(e.AccountID, "STRIPE_KEY"); !ok {
		t.Fatal("destroying the Layeron secret deleted the original")
	}
}

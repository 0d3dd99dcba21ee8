package resources_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// put runs `layeron secret put` on secret ns/k with value, and returns its
// exit code and what it printed.
func put(e *acctest.Env, value string) (int, string) {
	vars := map[string]string{settings.EnvAPIToken: e.Token, settings.EnvAccountID: e.AccountID, settings.EnvBaseURL: e.BaseURL}
	var out bytes.Buffer
	code := cli.Run(context.Background(), []string{"secret", "put", e.Namespace + "/k"}, cli.Env{
		Getenv: func(k string) string { return vars[k] }, Stdin: strings.NewReader(value), Stdout: &out, Stderr: &out, Now: e.Clock.Now,
	})
	return code, out.String()
}

// Under retention none a put's copy is its lock while it writes: an apply
// that meanwhile changes only the secret's purpose neither deletes that
// lock nor writes the comment under it, so the put's version holds the
// put's value, the next put makes the next number, and the apply lands
// once the put is done. On earlier releases the apply pruned the lock,
// both puts said "Wrote version 2", and the first put's write undid the
// apply's purpose.
func TestSecretApplyLeavesAPutsLock(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, lock := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	w := e.Workspace(t, provider.Options{})
	config := func(purpose string) string {
		return e.Configf(`
resource "layeron_secret" "test" {
  name      = "k"
  kind      = "generated"
  rotation  = { retain = { mode = "none" } }
  ownership = { purpose = %q }
}
`, purpose)
	}
	w.Write(t, config("a"))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	const first, second, third = "put-value-one-4f1e", "put-value-two-8c2d", "put-value-three-1a9b"
	if code, out := put(e, first); code != cli.ExitOK {
		t.Fatalf("the first put failed: %s", out)
	}
	w.MustRun(t, "apply")

	e.Emulator.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Delay: 3 * time.Second})
	type result struct {
		code int
		out  string
	}
	slow := make(chan result, 1)
	go func() {
		code, out := put(e, second)
		slow <- result{code, out}
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, ok := e.Emulator.Secret(e.AccountID, lock); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow put made no lock copy")
		}
	}
	w.Write(t, config("b"))
	if out, err := w.Run("apply"); err == nil || !strings.Contains(out, "Secret Rotation In Progress") {
		t.Fatalf("the apply under a put's lock was not refused: %v", err)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, lock); !ok {
		t.Fatal("the apply deleted the put's lock")
	}
	if code, out := put(e, third); code == cli.ExitOK {
		t.Fatalf("a put under another put's lock wrote: %s", out)
	}
	r := <-slow
	if r.code != cli.ExitOK || !strings.Contains(r.out, "Wrote version 2") {
		t.Fatalf("the slow put did not write version 2: %s", r.out)
	}
	if code, out := put(e, third); code != cli.ExitOK || !strings.Contains(out, "Wrote version 3") {
		t.Fatalf("the put after it did not write version 3: %s", out)
	}
	w.MustRun(t, "apply")
	s, _ := e.Emulator.Secret(e.AccountID, current)
	meta, err := versions.Decode(s.Comment)
	if err != nil || meta.Version != 3 || meta.Purpose != "b" || !e.Emulator.ValueEquals(e.AccountID, current, third) {
		t.Fatalf("the store does not hold the third put's value as version 3 with purpose b: version %d, purpose %q", meta.Version, meta.Purpose)
	}
	if got := familyVersions(t, e, "k"); len(got) != 1 {
		t.Fatalf("the store holds versions %v under retention none, want the current one alone", got)
	}
}

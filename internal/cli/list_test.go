package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// listed is a row of list --json.
type listed struct {
	Namespace      string `json:"namespace"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	CurrentVersion int    `json:"current_version"`
	Retained       int    `json:"retained"`
	SecretName     string `json:"secret_name"`
}

// list shows the Layeron secrets of the store, from one listing request:
// of every namespace, or of the one asked for, and never a store secret
// another tool made or a copy without its current secret.
func TestListSecrets(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	other := e.Namespace + "_other"
	start := e.Clock.Now().Add(-72 * time.Hour)
	putSecret(t, e, e.Namespace, "api", "list-api-3", versions.Meta{Kind: versions.KindRandom, Version: 3, From: start.Add(48 * time.Hour), RetainMode: versions.RetainForever})
	putCopy(t, e, e.Namespace, "api", 1, "list-api-1", start, start.Add(24*time.Hour))
	putCopy(t, e, e.Namespace, "api", 2, "list-api-2", start.Add(24*time.Hour), start.Add(48*time.Hour))
	putSecret(t, e, e.Namespace, "webhook", "list-webhook-1", versions.Meta{Kind: versions.KindGenerated})
	putSecret(t, e, other, "db", "list-db-1", versions.Meta{Kind: versions.KindStatic})
	e.Emulator.Put(e.AccountID, "STRIPE_KEY", "list-stripe", "set by hand")
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "list-hand", "set by hand")
	putCopy(t, e, e.Namespace, "orphan", 1, "list-orphan-1", start, start.Add(time.Hour))
	values := []string{"list-api-3", "list-api-1", "list-api-2", "list-webhook-1", "list-db-1", "list-stripe", "list-hand", "list-orphan-1"}

	e.Emulator.ResetCounters()
	code, out, errOut := runLayeron(t, e, "", "secret", "list", "--json")
	noValue(t, out+errOut, values...)
	if code != cli.ExitOK {
		t.Fatalf("list --json exited %d: %s", code, errOut)
	}
	var rows []listed
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("list --json printed %q: %v", out, err)
	}
	want := []listed{
		{e.Namespace, "api", versions.KindRandom, 3, 2, versions.CurrentName(e.Namespace, "api")},
		{e.Namespace, "webhook", versions.KindGenerated, 1, 0, versions.CurrentName(e.Namespace, "webhook")},
		{other, "db", versions.KindStatic, 1, 0, versions.CurrentName(other, "db")},
	}
	if len(rows) != len(want) {
		t.Fatalf("list --json = %+v; want %+v", rows, want)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Fatalf("list --json = %+v; want %+v", rows, want)
		}
	}
	if n := e.Emulator.Count("GET /secrets"); n != 1 || writes(e) != 0 {
		t.Fatalf("list sent %d listing requests and %d writes; want one listing and no write", n, writes(e))
	}

	e.Emulator.ResetCounters()
	code, out, errOut = runLayeron(t, e, "", "secret", "list", "--namespace", other)
	if code != cli.ExitOK || !strings.Contains(out, "SECRET") || !strings.Contains(out, other+"/db") || !strings.Contains(out, versions.CurrentName(other, "db")) ||
		strings.Contains(out, e.Namespace+"/api") || strings.Contains(out, "STRIPE_KEY") {
		t.Fatalf("list --namespace %s exited %d, printing %q and %q; want its one secret alone", other, code, out, errOut)
	}
	if n := e.Emulator.Count("GET /secrets"); n != 1 {
		t.Fatalf("list --namespace sent %d listing requests; want one", n)
	}

	code, out, _ = runLayeron(t, e, "", "secret", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != cli.ExitOK || len(lines) != 4 || !strings.Contains(lines[1], e.Namespace+"/api") || !strings.Contains(lines[1], "random") ||
		strings.Join(strings.Fields(lines[1])[2:4], " ") != "3 2" {
		t.Fatalf("list exited %d, printing %q; want a header and three secrets, %s/api at version 3 with 2 retained", code, out, e.Namespace)
	}
}

// list refuses a wrong command line without a request, and says so when
// the store refuses the listing.
func TestListRefuses(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"secret", "list", "--namespace", "bad--ns"}, `--namespace "bad--ns" must not contain "--"`},
		{[]string{"secret", "list", e.Namespace}, "list takes 0 argument(s), got 1"},
	} {
		e.Emulator.ResetCounters()
		code, _, errOut := runLayeron(t, e, "", tc.args...)
		if code != cli.ExitUsage || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "Usage: layeron secret list") || e.Emulator.Count("") != 0 {
			t.Errorf("layeron %v exited %d, printing %q, after %d requests; want 2, %q and no request", tc.args, code, errOut, e.Emulator.Count(""), tc.want)
		}
	}
	e.Emulator.AddFault(emulator.Fault{Route: "GET /secrets", Status: 403})
	code, out, errOut := runLayeron(t, e, "", "secret", "list")
	if code != cli.ExitFailed || out != "" || !strings.Contains(errOut, "listing the Secrets Store of account "+e.AccountID+" failed") {
		t.Fatalf("list refused by the store exited %d, printing %q and %q; want 1 and the account", code, out, errOut)
	}
}

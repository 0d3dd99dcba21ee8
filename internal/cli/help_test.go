package cli_test

import (
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
)

// The commands the overview lists, each by its usage line.
var usageLines = []string{
	"layeron secret put ", "layeron secret rotate ", "layeron secret revoke ", "layeron secret list ",
	"layeron secret versions ", "layeron secret adopt ", "layeron secret unlock ", "layeron version",
}

// version prints the version the build set; --help the overview; help
// <command>, --help and -h after a command that command's help alone.
func TestHelpAndVersion(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	if code, out, _ := runLayeron(t, e, "", "version"); code != cli.ExitOK || out != "layeron "+builtVersion+"\n" {
		t.Fatalf("layeron version exited %d, printing %q; want %q", code, out, "layeron "+builtVersion)
	}
	code, out, _ := runLayeron(t, e, "", "--help")
	for _, line := range usageLines {
		if code != cli.ExitOK || !strings.Contains(out, line) {
			t.Fatalf("layeron --help exited %d, printing %q; want 0 and %q", code, out, line)
		}
	}
	for _, name := range []string{"rotate", "revoke", "list"} {
		_, want, _ := runLayeron(t, e, "", "help", "secret", name)
		if !strings.HasPrefix(want, "Usage: layeron secret "+name+" ") || strings.Count(want, "Usage:") != 1 || strings.Contains(want, "layeron secret put") {
			t.Fatalf("layeron help secret %s printed %q; want that command's help alone", name, want)
		}
		for _, args := range [][]string{{"help", name}, {"secret", name, "--help"}, {"secret", name, "-h"}} {
			if code, out, errOut := runLayeron(t, e, "", args...); code != cli.ExitOK || out != want || errOut != "" {
				t.Fatalf("layeron %v exited %d, printing %q and %q; want 0 and the help that layeron help secret %s prints", args, code, out, errOut, name)
			}
		}
	}
	if e.Emulator.Count("") != 0 {
		t.Fatalf("version and help sent %d requests", e.Emulator.Count(""))
	}
}

// A wrong flag prints that command's usage alone; a wrong environment says
// what to set, without a usage. Both exit 2 without a request.
func TestUsageAndEnvironmentErrors(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	code, out, errOut := runLayeron(t, e, "", "secret", "rotate", "--bytes", "48", e.Namespace+"/api")
	if code != cli.ExitUsage || out != "" || !strings.HasPrefix(errOut, "layeron: flag provided but not defined: -bytes\n\nUsage: layeron secret rotate <namespace>/<name>\n") ||
		strings.Contains(errOut, "layeron secret put") {
		t.Fatalf("a wrong flag exited %d, printing %q and %q; want 2 and the rotate command's usage alone", code, out, errOut)
	}
	code, _, errOut = runLayeron(t, e, "", "secret", "renew", e.Namespace+"/api")
	for _, line := range usageLines {
		if code != cli.ExitUsage || !strings.Contains(errOut, line) {
			t.Fatalf("an unknown command exited %d, printing %q; want 2 and every command's usage line", code, errOut)
		}
	}

	for _, tc := range []struct {
		environ []string
		want    string
	}{
		{[]string{settings.EnvAccountID + "=" + e.AccountID, settings.EnvBaseURL + "=" + e.BaseURL},
			settings.EnvAPIToken + " is not set: set it to a Cloudflare API token"},
		{[]string{settings.EnvAPIToken + "=" + e.Token, settings.EnvBaseURL + "=" + e.BaseURL},
			settings.EnvAccountID + " is not set: set it to the id of the Cloudflare account"},
		{[]string{settings.EnvAPIToken + "=" + e.Token, settings.EnvAccountID + "=" + e.Token, settings.EnvBaseURL + "=" + e.BaseURL},
			settings.EnvAccountID + " is not a Cloudflare account id: set it to"},
		{[]string{settings.EnvAPIToken + "=" + e.Token, settings.EnvAccountID + "=" + e.AccountID, settings.EnvBaseURL + "=" + e.BaseURL, settings.EnvNamespace + "=a--b"},
			settings.EnvNamespace + ` "a--b" must not contain "--"`},
	} {
		for _, args := range [][]string{{"secret", "list"}, {"secret", "rotate", "shop/api"}, {"secret", "revoke", "shop/api", "--version", "1"}} {
			code, out, errOut := startLayeronEnv(t, tc.environ, "", args...).wait(t)
			if code != cli.ExitUsage || out != "" || !strings.HasPrefix(errOut, "layeron: ") || !strings.Contains(errOut, tc.want) ||
				strings.Contains(errOut, "Usage") || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("layeron %v with %v exited %d, printing %q and %q; want 2 and one line saying %q, without a usage", args, tc.environ, code, out, errOut, tc.want)
			}
			if strings.Contains(errOut, e.Token) {
				t.Fatal("an environment error printed the API token")
			}
		}
	}
	if e.Emulator.Count("") != 0 {
		t.Fatalf("wrong command lines and environments sent %d requests", e.Emulator.Count(""))
	}
}

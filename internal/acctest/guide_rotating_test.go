package acctest_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// guideCommands returns the commands of a guide's sh blocks, in order,
// each split into words, without comments.
func guideCommands(t *testing.T, guide string) [][]string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", guide+".md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	var commands [][]string
	inShell := false
	for _, line := range strings.Split(string(text), "\n") {
		switch {
		case line == "```sh":
			inShell = true
		case strings.HasPrefix(line, "```"):
			inShell = false
		case inShell:
			command, _, _ := strings.Cut(line, "#")
			if words := strings.Fields(command); len(words) > 0 {
				commands = append(commands, words)
			}
		}
	}
	return commands
}

// stateVersions returns the store secrets of the versions the state
// records for the workspace's one layeron_secret.
func stateVersions(t *testing.T, w *acctest.Workspace) []string {
	t.Helper()
	var state struct {
		Resources []struct {
			Instances []struct {
				Attributes struct {
					Versions []struct {
						SecretName string `json:"secret_name"`
					} `json:"versions"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal([]byte(readState(t, w)), &state); err != nil {
		t.Fatal(err)
	}
	if len(state.Resources) != 1 || len(state.Resources[0].Instances) != 1 {
		t.Fatalf("the state does not hold one layeron_secret: %+v", state)
	}
	var names []string
	for _, v := range state.Resources[0].Instances[0].Attributes.Versions {
		names = append(names, v.SecretName)
	}
	return names
}

// The guide for OpenTofu and Terraform before 1.14: its commands run as
// written, in its order, against the emulator. The CLI rotates the
// declared random secret, keeping version 1 for its retention; shows both
// versions; revokes version 1 and never the current one; lists the
// namespace's secrets from one listing. The plans and the apply after them
// refresh to version 2 and write nothing to the store, and the last plan
// is clean.
func TestGuideRotatingWithoutActions(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "signing_key"), versions.CopyName(e.Namespace, "signing_key", 1)
	w := e.Workspace(t, provider.Options{})
	w.Write(t, e.Config(e.InNamespace(acctest.Example(t, "guides/rotating-without-actions/main.tf"))))
	w.MustRun(t, "init")

	commands := guideCommands(t, "rotating-without-actions")
	want := []string{
		"terraform apply",
		"layeron secret rotate shop/signing_key",
		"layeron secret versions shop/signing_key",
		"terraform plan",
		"layeron secret revoke shop/signing_key --version 1",
		"layeron secret list --namespace shop",
		"terraform apply",
		"terraform plan",
	}
	var got []string
	for _, c := range commands {
		got = append(got, strings.Join(c, " "))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the guide's commands are %q; this test checks %q: check the new ones here", got, want)
	}

	environ := map[string]string{settings.EnvAPIToken: e.Token, settings.EnvAccountID: e.AccountID, settings.EnvBaseURL: e.BaseURL}
	var first string
	for i, words := range commands {
		// The guide's namespace is the test's.
		args := make([]string, len(words)-1)
		for j, word := range words[1:] {
			if word == "shop" || strings.HasPrefix(word, "shop/") {
				word = e.Namespace + strings.TrimPrefix(word, "shop")
			}
			args[j] = word
		}
		e.Fake.Advance(60e9)
		e.Emulator.ResetCounters()
		var out string
		if words[0] == "layeron" {
			var stdout, stderr strings.Builder
			code := cli.Run(context.Background(), args, cli.Env{
				Getenv: func(k string) string { return environ[k] }, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Now: e.Clock.Now,
			})
			if code != cli.ExitOK {
				t.Fatalf("%s exited %d: %s", got[i], code, stderr.String())
			}
			out = stdout.String()
		} else {
			out = w.MustRun(t, args...)
		}
		writes := e.Emulator.Count("POST /secrets") + e.Emulator.Count("PATCH /secrets/{id}") + e.Emulator.Count("POST /secrets/{id}/duplicate") +
			e.Emulator.Count("DELETE /secrets/{id}") + e.Emulator.Count("DELETE /secrets")

		switch i {
		case 0:
			first = e.Emulator.Fingerprint(e.AccountID, current)
			if first == "" || !strings.Contains(out, `signing_key_version = "1"`) {
				t.Fatalf("the apply did not create version 1 of the secret:\n%s", out)
			}
		case 1:
			kept, ok := e.Emulator.Secret(e.AccountID, copy1)
			if e.Emulator.Fingerprint(e.AccountID, current) == first || e.Emulator.Fingerprint(e.AccountID, copy1) != first || !ok || !strings.Contains(kept.Comment, " exp=") {
				t.Fatalf("the rotation did not write a new value and keep version 1 as %s until it expires: %v", copy1, e.Emulator.Secrets(e.AccountID))
			}
			if s, _ := e.Emulator.Secret(e.AccountID, current); !strings.Contains(s.Comment, " v=2 ") || s.ValueSize != 43 {
				t.Fatalf("the current secret is not version 2, of 32 random bytes: %+v", s)
			}
		case 2:
			if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 3 || !strings.HasPrefix(lines[1], "2 ") || !strings.HasPrefix(lines[2], "1 ") || !strings.Contains(lines[2], copy1) {
				t.Fatalf("versions does not list version 2, then version 1 in %s:\n%s", copy1, out)
			}
		case 3:
			if writes != 0 || !strings.Contains(out, `current_version = "1" -> "2"`) || !strings.Contains(out, `signing_key_version = "1" -> "2"`) || strings.Contains(out, "Plan:") {
				t.Fatalf("the plan after the rotation wrote %d times, or does not refresh to version 2 without a change to the secret:\n%s", writes, out)
			}
		case 4:
			if _, ok := e.Emulator.Secret(e.AccountID, copy1); ok || writes != 1 || e.Emulator.Fingerprint(e.AccountID, current) == first || e.Emulator.Fingerprint(e.AccountID, current) == "" {
				t.Fatalf("the revoke did not delete version 1 alone, keeping the current version: %v", e.Emulator.Secrets(e.AccountID))
			}
		case 5:
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 2 || strings.Join(strings.Fields(lines[1]), " ") != e.Namespace+"/signing_key random 2 0 "+current || e.Emulator.Count("GET /secrets") != 1 || writes != 0 {
				t.Fatalf("list did not show the one secret at version 2 with nothing retained from one listing request (it sent %d):\n%s", e.Emulator.Count("GET /secrets"), out)
			}
		case 6:
			if writes != 0 || !strings.Contains(out, `signing_key_version = "2"`) || !slices.Equal(stateVersions(t, w), []string{current}) {
				t.Fatalf("the apply wrote %d times, or did not record version 2 alone (%v):\n%s", writes, stateVersions(t, w), out)
			}
		case 7:
			if writes != 0 || !strings.Contains(out, "No changes.") {
				t.Fatalf("the last plan is not clean:\n%s", out)
			}
		}
	}
	w.MustRun(t, "destroy")
}

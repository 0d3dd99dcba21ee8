package resources_test

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// concurrently runs one command in each workspace at once and returns
// their errors.
func concurrently(workspaces []*acctest.Workspace, args ...string) []error {
	errs := make([]error, len(workspaces))
	var wg sync.WaitGroup
	for i, w := range workspaces {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.Run(args...)
		}()
	}
	wg.Wait()
	return errs
}

// familyVersions checks that no two Layeron store secrets of name claim the
// same version, and returns the fingerprint of each version's value.
func familyVersions(t *testing.T, e *acctest.Env, name string) map[int]string {
	t.Helper()
	values := map[int]string{}
	for _, s := range e.Emulator.Secrets(e.AccountID) {
		ns, n, _, ok := versions.ParseStoreName(s.Name)
		if !ok || ns != e.Namespace || n != name {
			continue
		}
		meta, err := versions.Decode(s.Comment)
		if errors.Is(err, versions.ErrNoMarker) {
			continue
		}
		if err != nil {
			t.Fatalf("store secret %s: %v", s.Name, err)
		}
		if _, dup := values[meta.Version]; dup {
			t.Fatalf("two store secrets claim version %d of %s", meta.Version, name)
		}
		values[meta.Version] = e.Emulator.Fingerprint(e.AccountID, s.Name)
	}
	return values
}

// Two CLIs apply one state's copies at once, as two CI jobs without a
// state lock do: each round both rotate the secret from the same version.
// Under every retention mode exactly one rotation goes through, the other
// apply fails saying another apply changed the secret (or finds nothing
// left to do), no two store secrets claim one version, a kept copy holds
// the value it replaced, and both states converge.
func TestSecretConcurrentRotations(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	for _, retain := range []string{retainNone, retainWeek, retainForever} {
		t.Run(retain, func(t *testing.T) {
			t.Parallel()
			e := acctest.New(t)
			e.NeedsEmulator(t)
			current := versions.CurrentName(e.Namespace, "k")
			config := func(reason string) string { return e.Config(triggeredSecrets(retain, reason, "k")) }
			workspaces := []*acctest.Workspace{e.Workspace(t, provider.Options{}), e.Workspace(t, provider.Options{})}
			workspaces[0].Write(t, config("0"))
			workspaces[0].MustRun(t, "init")
			workspaces[0].MustRun(t, "apply")
			state, err := os.ReadFile(filepath.Join(workspaces[0].Dir, "terraform.tfstate"))
			if err != nil {
				t.Fatal(err)
			}
			workspaces[1].Write(t, config("0"))
			workspaces[1].MustRun(t, "init")
			if err := os.WriteFile(filepath.Join(workspaces[1].Dir, "terraform.tfstate"), state, 0o600); err != nil {
				t.Fatal(err)
			}
			// The latency widens the window between each apply's read and
			// its writes.
			e.Emulator.SetLatency(150 * time.Millisecond)
			defer e.Emulator.SetLatency(0)

			for round := 1; round <= 3; round++ {
				before := familyVersions(t, e, "k")
				replaced := e.Emulator.Fingerprint(e.AccountID, current)
				for _, w := range workspaces {
					w.Write(t, config(strconv.Itoa(round)))
				}
				e.Emulator.ResetCounters()
				errs := concurrently(workspaces, "apply")
				// One write of the current secret: two would be two
				// rotations claiming the same version, the first one's
				// value gone.
				patches := 0
				for _, r := range e.Emulator.Requests() {
					if r.Route == "PATCH /secrets/{id}" && r.Status == http.StatusOK {
						patches++
					}
				}
				if patches != 1 {
					t.Fatalf("round %d: the current secret was written %d times, want once: %v", round, patches, errs)
				}
				for _, err := range errs {
					if err == nil {
						continue
					}
					msg := strings.Join(strings.Fields(err.Error()), " ")
					if !strings.Contains(msg, "Secret Changed Since Plan") && !strings.Contains(msg, "another writer") && !strings.Contains(msg, "Another process may be changing the same secret; run plan again") {
						t.Fatalf("round %d: the losing apply failed without saying another writer changed the secret: %v", round, err)
					}
				}
				if errs[0] != nil && errs[1] != nil {
					t.Fatalf("round %d: both applies failed: %v", round, errs)
				}
				after := familyVersions(t, e, "k")
				highest := func(vs map[int]string) int {
					h := 0
					for v := range vs {
						h = max(h, v)
					}
					return h
				}
				if got, want := highest(after), highest(before)+1; got != want {
					t.Fatalf("round %d: the secret is at version %d, want %d: exactly one apply rotates it", round, got, want)
				}
				if retain != retainNone {
					if got := after[highest(before)]; got != replaced {
						t.Fatalf("round %d: the copy of version %d does not hold the value it replaced", round, highest(before))
					}
					for v, fp := range before {
						if v < highest(before) && after[v] != fp {
							t.Fatalf("round %d: the copy of version %d was lost or changed", round, v)
						}
					}
				} else if len(after) != 1 {
					t.Fatalf("round %d: retention none left %d store secrets, want the current one only", round, len(after))
				}
				// The loser's next apply records the new triggers without
				// rotating again; then nothing is left to do.
				for i, w := range workspaces {
					if errs[i] != nil {
						w.MustRun(t, "apply")
					}
				}
				if got := familyVersions(t, e, "k"); highest(got) != highest(after) {
					t.Fatalf("round %d: the loser's second apply rotated the secret again", round)
				}
				for _, w := range workspaces {
					if out := w.MustRun(t, "plan"); !strings.Contains(out, "No changes.") {
						t.Fatalf("round %d: a workspace has changes left:\n%s", round, out)
					}
				}
				for i, err := range errs {
					if err != nil {
						msg := strings.Join(strings.Fields(err.Error()), " ")
						t.Logf("round %d: workspace %d lost: %s", round, i, regexp.MustCompile(`Error: .*?\.( |$)`).FindString(msg[strings.Index(msg, "Error:"):]))
					}
				}
			}
			workspaces[0].MustRun(t, "destroy")
			if left := len(e.Emulator.Secrets(e.AccountID)); left != 0 {
				t.Fatalf("destroy left %d store secrets", left)
			}
		})
	}
}

// Two configurations declare one secret with different declarations. The
// second takes it over, with a warning, and from then on the first gets an
// error at every plan and apply, never rotating it back, and its destroy
// deletes nothing. An import takes the secret back.
func TestSecretHeldByOneConfiguration(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	config := func(purpose string) string {
		return e.Config(fmt.Sprintf(`
resource "layeron_secret" "test" {
  name      = "k"
  kind      = "random"
  rotation  = { every_days = 30, retain = { mode = "retain_forever" } }
  ownership = { owner_product = "shop", purpose = %q }
}
`, purpose))
	}
	first, second := e.Workspace(t, provider.Options{}), e.Workspace(t, provider.Options{})
	first.Write(t, config("checkout"))
	second.Write(t, config("billing"))
	for _, w := range []*acctest.Workspace{first, second} {
		w.MustRun(t, "init")
	}
	first.MustRun(t, "apply")
	// The second configuration is told what it takes over, and keeps the
	// first one's value as version 1.
	out := second.MustRun(t, "apply")
	if msg := strings.Join(strings.Fields(out), " "); !strings.Contains(msg, "Existing Layeron Secret Taken Over") || !strings.Contains(msg, "held by the configuration with token") {
		t.Fatalf("the take-over was not announced with the holder it found:\n%s", out)
	}
	if err := storeHas(e, current, copy1)(nil); err != nil {
		t.Fatal(err)
	}
	taken := e.Emulator.Fingerprint(e.AccountID, current)
	// The first configuration is warned at every plan and apply, and writes
	// nothing: no flapping. A change it would make fails.
	for range 2 {
		out := first.MustRun(t, "apply")
		if msg := strings.Join(strings.Fields(out), " "); !strings.Contains(msg, "Secret Held by Another Configuration") || !strings.Contains(out, "No changes.") {
			t.Fatalf("the first configuration's apply did not leave the secret to its holder with a warning:\n%s", out)
		}
	}
	first.Write(t, config("refunds"))
	if _, err := first.Run("plan"); err == nil || !strings.Contains(err.Error(), "Secret Held by Another Configuration") {
		t.Fatalf("a change planned by the first configuration did not fail with the holder's error: %v", err)
	}
	first.Write(t, config("checkout"))
	if got := familyVersions(t, e, "k"); len(got) != 2 || got[2] != taken {
		t.Fatalf("the first configuration changed the secret it no longer holds: versions %v", got)
	}
	if out := second.MustRun(t, "plan"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the holder has changes left:\n%s", out)
	}
	// Its destroy lets go of the secret and deletes nothing.
	out = first.MustRun(t, "destroy")
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "Secret Left to Its Holder") {
		t.Fatalf("the first configuration's destroy did not say it left the secret to its holder:\n%s", out)
	}
	if err := storeHas(e, current, copy1)(nil); err != nil {
		t.Fatal(err)
	}
	// An import takes the secret back, without a new version; then the
	// second configuration is the one refused.
	first.MustRun(t, "import", "layeron_secret.test", e.Namespace+"/k")
	out = first.MustRun(t, "apply")
	if !strings.Contains(out, "1 changed") {
		t.Fatalf("the apply after the import did not stamp the secret:\n%s", out)
	}
	if got := familyVersions(t, e, "k"); len(got) != 2 || got[2] != taken {
		t.Fatalf("taking the secret back changed its versions: %v", got)
	}
	if out := second.MustRun(t, "plan"); !strings.Contains(strings.Join(strings.Fields(out), " "), "Secret Held by Another Configuration") {
		t.Fatalf("the second configuration is not warned of the secret taken back:\n%s", out)
	}
	second.MustRun(t, "state", "rm", "layeron_secret.test")
	first.MustRun(t, "destroy")
	if left := len(e.Emulator.Secrets(e.AccountID)); left != 0 {
		t.Fatalf("destroy left %d store secrets", left)
	}
}

package resources_test

import (
	"errors"
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

// Two workspaces (two states) apply the same secret at once. One wins; the
// other fails with a conflict that says what to do, or converges. No two
// store secrets ever claim one version, a retained copy is never lost, and
// the loser's next apply converges.
func TestSecretConcurrentApplies(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	config := func(reason string) string {
		return e.Config(triggeredSecrets(retainForever, reason, "k"))
	}
	workspaces := []*acctest.Workspace{e.Workspace(t, provider.Options{}), e.Workspace(t, provider.Options{})}
	for _, w := range workspaces {
		w.Write(t, config("1"))
		w.MustRun(t, "init")
	}
	// The latency widens the window between each apply's read and write.
	e.Emulator.SetLatency(100 * time.Millisecond)
	defer e.Emulator.SetLatency(0)

	kept := map[int]string{}
	for round, reason := range []string{"1", "2", "3"} {
		for _, w := range workspaces {
			w.Write(t, config(reason))
		}
		// Both apply at once: at most one fails, and only with the
		// conflict error that says to plan again.
		errs := concurrently(workspaces, "apply")
		failed := 0
		for _, err := range errs {
			if err == nil {
				continue
			}
			failed++
			if msg := strings.Join(strings.Fields(err.Error()), " "); !strings.Contains(msg, "Another process may be changing the same secret; run plan again") {
				t.Fatalf("round %d: the losing apply failed without a clear conflict error: %v", round+1, err)
			}
		}
		if failed == len(workspaces) {
			t.Fatalf("round %d: both applies failed: %v", round+1, errs)
		}
		// Every version retained so far still holds its value.
		now := familyVersions(t, e, "k")
		for v, fp := range kept {
			if now[v] != fp {
				t.Fatalf("round %d: version %d was lost or changed", round+1, v)
			}
		}
		// The loser converges on a second try; then nothing is left to do.
		for i, w := range workspaces {
			if errs[i] != nil {
				w.MustRun(t, "apply")
			}
		}
		for _, w := range workspaces {
			if out := w.MustRun(t, "plan"); !strings.Contains(out, "No changes.") {
				t.Fatalf("round %d: a workspace has changes left after converging:\n%s", round+1, out)
			}
		}
		now = familyVersions(t, e, "k")
		highest := 0
		for v := range now {
			highest = max(highest, v)
		}
		for v, fp := range now {
			if v < highest {
				kept[v] = fp
			}
		}
		t.Logf("round %d: %d failed, versions %v", round+1, failed, len(now))
	}
	// One state lets go of the secret and the other destroys it: no store
	// secret is left.
	for _, w := range workspaces[1:] {
		w.MustRun(t, "state", "rm", "layeron_secret.test")
	}
	workspaces[0].MustRun(t, "destroy")
	if left := len(e.Emulator.Secrets(e.AccountID)); left != 0 {
		t.Fatalf("destroy left %d store secrets", left)
	}
}

package resources_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// history is every version each secret has had, by fingerprint, so that a
// test can tell that none was lost or changed.
type history struct {
	t        *testing.T
	e        *acctest.Env
	names    []string
	versions map[string]map[int]string
}

func newHistory(t *testing.T, e *acctest.Env, names ...string) *history {
	return &history{t: t, e: e, names: names, versions: map[string]map[int]string{}}
}

// kept checks that every version seen so far that the store should still
// hold (all but those below from) holds its value, that each secret is at
// version current, and then records what the store holds now.
func (h *history) kept(from, current int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, name := range h.names {
			now := familyVersions(h.t, h.e, name)
			for v, fp := range h.versions[name] {
				if v >= from && now[v] != fp {
					return fmt.Errorf("version %d of %s was lost or changed", v, name)
				}
			}
			highest := 0
			for v := range now {
				highest = max(highest, v)
			}
			if highest != current {
				return fmt.Errorf("%s is at version %d, want %d", name, highest, current)
			}
			if h.versions[name] == nil {
				h.versions[name] = map[int]string{}
			}
			for v, fp := range now {
				h.versions[name][v] = fp
			}
		}
		return nil
	}
}

// answered counts the emulator's answers with the given status.
func answered(e *acctest.Env, status int) int {
	n := 0
	for _, r := range e.Emulator.Requests() {
		if r.Status == status {
			n++
		}
	}
	return n
}

// storm registers faults and returns a check that they were all met, so that
// a step cannot pass because the storm missed it.
type storm struct {
	e      *acctest.Env
	status int
	times  int
	before int
}

func (s *storm) start(faults ...emulator.Fault) {
	s.before, s.times = answered(s.e, s.status), 0
	for _, f := range faults {
		s.e.Emulator.AddFault(f)
		s.times += max(f.Times, 1)
	}
}

func (s *storm) met() resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := answered(s.e, s.status) - s.before; got != s.times {
			return fmt.Errorf("%d requests were answered %d, want %d", got, s.status, s.times)
		}
		return nil
	}
}

// Storms of 429s, with and without Retry-After, and bursts of 5xx answers
// are ridden out by the retries of an apply of several secrets at once;
// beyond max_retries the apply fails saying what to do, and the next one
// converges. No version is lost or changed on the way.
func TestSecretSurvivesAPIStorms(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	names := []string{"a", "b", "c"}
	config := func(retries int, reason string) string {
		return e.ConfigWith(fmt.Sprintf("max_retries = %d", retries), triggeredSecrets(retainForever, reason, names...))
	}
	h := newHistory(t, e, names...)
	limited := &storm{e: e, status: http.StatusTooManyRequests}
	failing := &storm{e: e, status: http.StatusServiceUnavailable}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// Four 429s with Retry-After are retried: all three secrets
				// are created at version 1.
				PreConfig: func() {
					limited.start(emulator.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 4})
				},
				Config: config(6, "1"),
				Check:  resource.ComposeTestCheckFunc(limited.met(), h.kept(1, 1)),
			},
			{
				// Four 429s without Retry-After are retried too: each secret
				// rotates to version 2, version 1 kept.
				PreConfig: func() { limited.start(emulator.Fault{Status: http.StatusTooManyRequests, Times: 4}) },
				Config:    config(6, "2"),
				Check:     resource.ComposeTestCheckFunc(limited.met(), h.kept(1, 2)),
			},
			{
				// Bursts of 503s on the duplicate, the patch and the listing
				// are retried: each secret rotates to version 3, none lost.
				PreConfig: func() {
					failing.start(
						emulator.Fault{Route: "POST /secrets/{id}/duplicate", Status: http.StatusServiceUnavailable, Times: 2},
						emulator.Fault{Route: "PATCH /secrets/{id}", Status: http.StatusServiceUnavailable, Times: 2},
						emulator.Fault{Route: "GET /secrets", Status: http.StatusServiceUnavailable, Times: 2},
					)
				},
				Config: config(6, "3"),
				Check:  resource.ComposeTestCheckFunc(failing.met(), h.kept(1, 3)),
			},
			// Without retries, a 503 on one of the three patches fails the
			// apply; the others rotate, and the failed one keeps its copy.
			{
				PreConfig: func() {
					e.Emulator.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Status: http.StatusServiceUnavailable})
				},
				Config:      config(0, "4"),
				ExpectError: regexp.MustCompile(`Unable to Rotate Secret[\s\S]*HTTP 503[\s\S]*raise\s+max_retries`),
			},
			{
				// With retries again, the next apply converges at version 4
				// with every earlier version kept.
				Config: config(2, "4"),
				Check:  h.kept(1, 4),
			},
		},
	})
}

// Each request attempt has request_timeout. A slow read is retried and the
// apply goes on; a slow write is not repeated, the apply fails saying the
// change may have been made, and the next apply finds it made and does not
// rotate a second time.
func TestSecretRequestTimeouts(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	config := func(reason string) string {
		return e.ConfigWith("max_retries = 2\n  request_timeout = \"2s\"", triggeredSecrets(retainForever, reason, "k"))
	}
	h := newHistory(t, e, "k")
	slowPatches := 0
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// A listing slower than request_timeout is retried: version 1
				// is created.
				PreConfig: func() { e.Emulator.AddFault(emulator.Fault{Route: "GET /secrets", Delay: 4 * time.Second}) },
				Config:    config("1"),
				Check:     h.kept(1, 1),
			},
			{
				// A patch slower than request_timeout is not repeated: the
				// apply fails saying the change may have been made.
				PreConfig: func() {
					slowPatches = e.Emulator.Count("PATCH /secrets/{id}") + 1
					e.Emulator.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Delay: 4 * time.Second})
				},
				Config:      config("2"),
				ExpectError: regexp.MustCompile(`Unable to Rotate Secret[\s\S]*no\s+answer\s+within\s+2s;\s+the\s+change\s+may\s+still\s+have\s+been\s+made[\s\S]*Run\s+apply\s+again`),
			},
			{
				// The late patch was made: the next plan and apply find
				// version 2 current, with version 1 copied only once.
				PreConfig: func() {
					// The emulator carries the patch out when its delay ends.
					deadline := time.Now().Add(10 * time.Second)
					for e.Emulator.Count("PATCH /secrets/{id}") < slowPatches && time.Now().Before(deadline) {
						time.Sleep(50 * time.Millisecond)
					}
				},
				Config: config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("current_version"), knownvalue.StringExact("2")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
				Check: resource.ComposeTestCheckFunc(h.kept(1, 2), storeHas(e, current, versions.CopyName(e.Namespace, "k", 1)),
					func(*terraform.State) error {
						if n := e.Emulator.Count("POST /secrets/{id}/duplicate"); n != 1 {
							return fmt.Errorf("version 1 was copied %d times, want once", n)
						}
						return nil
					}),
			},
		},
	})
}

// Pruning expired copies is one bulk delete. When it fails, or succeeds but
// its answer is lost, nothing that should be kept is gone, and the next
// apply finishes the pruning.
func TestSecretPruneInterrupted(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	config := func(reason string) string {
		return e.Config(triggeredSecrets(retainWeek, reason, "k"))
	}
	h := newHistory(t, e, "k")
	copies := storeHas(e, current, versions.CopyName(e.Namespace, "k", 1), versions.CopyName(e.Namespace, "k", 2))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			// Three versions, the first two retained as copies for a week.
			{Config: config("1"), Check: h.kept(1, 1)},
			{Config: config("2"), Check: h.kept(1, 2)},
			{Config: config("3"), Check: resource.ComposeTestCheckFunc(h.kept(1, 3), copies)},
			{
				// Eight days on the copies have expired, and every attempt
				// of their bulk delete fails: the apply fails.
				PreConfig: func() {
					e.Fake.AdvanceDays(8)
					e.Emulator.AddFault(emulator.Fault{Route: "DELETE /secrets", Status: http.StatusServiceUnavailable, Times: 3})
				},
				Config:      config("3"),
				ExpectError: regexp.MustCompile(`Unable to Update Retained Versions`),
			},
			{
				// The failed prune changed nothing; the next delete is carried
				// out but its answers are lost: the apply fails again.
				PreConfig: func() {
					if err := resource.ComposeTestCheckFunc(h.kept(1, 3), copies)(nil); err != nil {
						t.Fatalf("the failed prune changed the store: %v", err)
					}
					e.Emulator.AddFault(emulator.Fault{Route: "DELETE /secrets", Status: http.StatusBadGateway, AfterCommit: true, Times: 3})
				},
				Config:      config("3"),
				ExpectError: regexp.MustCompile(`Unable to Update Retained Versions`),
			},
			{
				// The next apply finishes the pruning: version 3 alone is
				// left, in state and in the store.
				Config: config("3"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("current_version", knownvalue.StringExact("3")),
					expect("versions", knownvalue.ListSizeExact(1)),
				},
				Check: resource.ComposeTestCheckFunc(h.kept(3, 3), storeHas(e, current)),
			},
		},
	})
}

// A retention change re-stamps each retained copy with its new expiry, one
// patch each. Interrupted half way, the next apply stamps the rest; no value
// changes on the way.
func TestSecretPolicyChangeInterrupted(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	config := func(retain, reason string) string { return e.Config(triggeredSecrets(retain, reason, "k")) }
	thirty := `{ mode = "retain_for", days = 30 }`
	h := newHistory(t, e, "k")
	// stamped counts the copies whose expiry is 30 days after retirement.
	stamped := func() int {
		n := 0
		for v := 1; v <= 2; v++ {
			s, ok := e.Emulator.Secret(e.AccountID, versions.CopyName(e.Namespace, "k", v))
			if !ok {
				t.Fatalf("the copy of version %d is gone", v)
			}
			meta, err := versions.Decode(s.Comment)
			if err != nil {
				t.Fatal(err)
			}
			if !meta.ExpiresNever && meta.Expires.Equal(meta.Until.AddDate(0, 0, 30)) {
				n++
			}
		}
		return n
	}
	stampedExactly := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := stamped(); got != want {
				return fmt.Errorf("%d copies carry the new expiry, want %d", got, want)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			// Three versions, the first two retained forever: no copy
			// carries a 30-day expiry yet.
			{Config: config(retainForever, "1"), Check: h.kept(1, 1)},
			{Config: config(retainForever, "2"), Check: h.kept(1, 2)},
			{Config: config(retainForever, "3"), Check: resource.ComposeTestCheckFunc(h.kept(1, 3), stampedExactly(0))},
			// The current secret's declaration is patched first, then each
			// copy: the second copy's patch fails, and so does the apply.
			{
				PreConfig: func() {
					e.Emulator.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Nth: 3, Status: http.StatusServiceUnavailable, Times: 3})
				},
				Config:      config(thirty, "3"),
				ExpectError: regexp.MustCompile(`Unable to Update Retained Versions`),
			},
			{
				// One copy was stamped before the failure; the next apply
				// stamps the other, with every version kept.
				PreConfig: func() {
					if got := stamped(); got != 1 {
						t.Fatalf("the interrupted apply stamped %d copies, want 1", got)
					}
				},
				Config: config(thirty, "3"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("versions", knownvalue.ListSizeExact(3)),
				},
				Check: resource.ComposeTestCheckFunc(h.kept(1, 3), stampedExactly(2)),
			},
		},
	})
}

// Destroy deletes a secret's store secrets in one bulk request. When it
// fails nothing is gone and the resources stay in state; when it succeeds
// but its answer is lost, the next destroy finishes cleanly.
func TestSecretDestroyInterrupted(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	config := func(reason string) string {
		return e.Config(triggeredSecrets(retainForever, reason, "a", "b"))
	}
	// Two secrets, each rotated once: the store holds each one's current
	// secret and its copy of version 1.
	w := e.Workspace(t, provider.Options{})
	w.Write(t, config("1"))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.Write(t, config("2"))
	w.MustRun(t, "apply")
	before := map[string]string{}
	for _, s := range e.Emulator.Secrets(e.AccountID) {
		before[s.Name] = e.Emulator.Fingerprint(e.AccountID, s.Name)
	}
	if len(before) != 4 {
		t.Fatalf("want 2 secrets with a copy each, the store holds %d", len(before))
	}
	inState := func() int {
		out := w.MustRun(t, "state", "list")
		return strings.Count(out, "layeron_secret.test[")
	}

	// Two bulk deletes of three attempts each: every attempt fails, so the
	// destroy fails, nothing in the store changes and both stay in state.
	e.Emulator.AddFault(emulator.Fault{Route: "DELETE /secrets", Status: http.StatusServiceUnavailable, Times: 6})
	if out, err := w.Run("destroy"); err == nil || !strings.Contains(out, "Unable to Delete Secret") {
		t.Fatalf("a destroy whose deletes fail must fail: %v\n%s", err, out)
	}
	for name, fp := range before {
		if e.Emulator.Fingerprint(e.AccountID, name) != fp {
			t.Errorf("the failed destroy lost or changed %s", name)
		}
	}
	if n := inState(); n != 2 {
		t.Errorf("after a failed destroy, %d resources are in state, want 2", n)
	}

	// The deletes are carried out but every answer is lost: the destroy
	// fails, yet the store is empty.
	e.Emulator.AddFault(emulator.Fault{Route: "DELETE /secrets", Status: http.StatusBadGateway, AfterCommit: true, Times: 6})
	if _, err := w.Run("destroy"); err == nil {
		t.Fatal("a destroy whose answers are lost must fail")
	}
	if n := len(e.Emulator.Secrets(e.AccountID)); n != 0 {
		t.Errorf("the deletes were carried out, yet the store holds %d secrets", n)
	}

	// The next destroy finds nothing to delete and empties the state.
	w.MustRun(t, "destroy")
	if n := inState(); n != 0 {
		t.Errorf("after the last destroy, %d resources are still in state", n)
	}
}

// Many secrets created and then rotated by one apply with -parallelism=10:
// each gets its own value, every copy holds the value it replaced, and no
// version number is claimed twice.
func TestSecretParallelApplies(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	const n = 30
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("s%02d", i)
	}
	config := func(reason string) string {
		return e.Config(triggeredSecrets(retainForever, reason, names...))
	}
	w := e.Workspace(t, provider.Options{})
	w.Write(t, config("1"))
	w.MustRun(t, "init")
	e.Emulator.SetLatency(20 * time.Millisecond)
	defer e.Emulator.SetLatency(0)

	// Created ten at a time: each secret is at version 1 alone, with a
	// value of its own.
	w.MustRun(t, "apply", "-parallelism=10")
	first := map[string]string{}
	seen := map[string]bool{}
	for _, name := range names {
		vs := familyVersions(t, e, name)
		if len(vs) != 1 || vs[1] == "" {
			t.Fatalf("%s: want version 1 alone, got %v", name, vs)
		}
		if seen[vs[1]] {
			t.Fatalf("%s has the same value as another secret", name)
		}
		first[name], seen[vs[1]] = vs[1], true
	}

	// Rotated ten at a time: each keeps version 1 as a copy and gets a new
	// version 2, with one duplicate and one patch per secret.
	e.Emulator.ResetCounters()
	w.Write(t, config("2"))
	w.MustRun(t, "apply", "-parallelism=10")
	for _, name := range names {
		vs := familyVersions(t, e, name)
		if len(vs) != 2 || vs[1] != first[name] || vs[2] == "" || vs[2] == first[name] {
			t.Fatalf("%s: after the rotation want version 1 kept and a new version 2", name)
		}
	}
	for route, want := range map[string]int{"POST /secrets/{id}/duplicate": n, "PATCH /secrets/{id}": n} {
		if got := e.Emulator.Count(route); got != want {
			t.Errorf("rotating %d secrets sent %d %s, want %d", n, got, route, want)
		}
	}
	// Destroyed ten at a time: no store secret is left.
	w.MustRun(t, "destroy", "-parallelism=10")
	if left := len(e.Emulator.Secrets(e.AccountID)); left != 0 {
		t.Fatalf("destroy left %d store secrets", left)
	}
}

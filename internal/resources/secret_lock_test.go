package resources_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// A copy of the current version that another rotation made stops this
// state's rotation at plan time, with nothing written, until the lease
// passes; then the rotation deletes that stale copy and makes its own, so
// that taking over a dead rotation's lock is again a duplicate only one
// rotation can make.
func TestSecretRotationInFlight(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current, copy1 := versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	config := func(reason string) string { return e.Config(triggeredSecrets(retainForever, reason, "k")) }
	var first string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		CheckDestroy:             storeHas(e),
		Steps: []resource.TestStep{
			{
				// Version 1.
				Config: config("1"),
				Check: func(*terraform.State) error {
					first = e.Emulator.Fingerprint(e.AccountID, current)
					return nil
				},
			},
			{
				// Another rotation has just copied version 1 and not yet
				// written version 2: the plan fails and nothing is written.
				PreConfig: func() {
					s, _ := e.Emulator.Secret(e.AccountID, current)
					meta, err := versions.Decode(s.Comment)
					if err != nil {
						t.Fatal(err)
					}
					comment := versions.Encode(versions.Retention{Mode: versions.RetainForever}.Retire(meta, e.Clock.Now().UTC().Truncate(1e9), "00000000000000bb"))
					if _, err := e.Client().Duplicate(context.Background(), s.ID, s.Name, copy1, comment, s.Scopes); err != nil {
						t.Fatal(err)
					}
					e.Emulator.ResetCounters()
				},
				Config:      config("2"),
				ExpectError: regexp.MustCompile(`(?s)Secret Rotation In Progress.*another\s+writer\s+\(an\s+apply,\s+a\s+put\s+or\s+an\s+action\)\s+is\s+rotating\s+it.*layeron\s+secret\s+unlock.*or\s+wait\s+until`),
			},
			{
				// Once the lease has passed, the rotation replaces that
				// copy with its own, version 1's value kept.
				PreConfig: func() {
					if n := e.Emulator.Count("PATCH /secrets/{id}") + e.Emulator.Count("POST /secrets/{id}/duplicate"); n != 0 {
						t.Fatalf("the refused plan wrote %d times", n)
					}
					e.Fake.Advance(versions.RotationLease)
				},
				Config:            config("2"),
				ConfigStateChecks: []statecheck.StateCheck{expect("current_version", knownvalue.StringExact("2"))},
				Check: resource.ComposeTestCheckFunc(storeHas(e, current, copy1), func(*terraform.State) error {
					if n := e.Emulator.Count("POST /secrets/{id}/duplicate"); n != 1 {
						t.Fatalf("the rotation duplicated version 1 %d times, want once", n)
					}
					if s, _ := e.Emulator.Secret(e.AccountID, copy1); strings.Contains(s.Comment, "by=00000000000000bb") {
						return fmt.Errorf("the stale copy was kept: %q", s.Comment)
					}
					if e.Emulator.Fingerprint(e.AccountID, copy1) != first {
						return fmt.Errorf("the copy of version 1 does not hold version 1's value")
					}
					return nil
				}),
			},
		},
	})
}

// An apply whose plan the store has moved past fails before writing: two
// CLIs planned rotations from version 1 for different reasons, one applied
// its own, and the other's saved plan is refused rather than rotating to a
// version its plan did not show.
func TestSecretChangedSincePlan(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	config := func(reason string) string { return e.Config(triggeredSecrets(retainForever, reason, "k")) }
	stale, fresh := e.Workspace(t, provider.Options{}), e.Workspace(t, provider.Options{})
	stale.Write(t, config("1"))
	stale.MustRun(t, "init")
	stale.MustRun(t, "apply")
	state, err := os.ReadFile(filepath.Join(stale.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	fresh.Write(t, config("3"))
	fresh.MustRun(t, "init")
	if err := os.WriteFile(filepath.Join(fresh.Dir, "terraform.tfstate"), state, 0o600); err != nil {
		t.Fatal(err)
	}
	stale.Write(t, config("2"))
	if out := stale.MustRun(t, "plan", "-out=tfplan"); !regexp.MustCompile(`current_version += "1" -> "2"`).MatchString(out) {
		t.Fatalf("the plan does not show the version it makes:\n%s", out)
	}
	fresh.MustRun(t, "apply")
	_, err = stale.Run("apply", "tfplan")
	if msg := fmt.Sprint(err); err == nil || !strings.Contains(msg, "Secret Changed Since Plan") || !strings.Contains(strings.Join(strings.Fields(msg), " "), "Run plan again") {
		t.Fatalf("the stale plan was not refused: %v", err)
	}
	if got := familyVersions(t, e, "k"); len(got) != 2 {
		t.Fatalf("the store holds versions %v, want 1 and 2 only", got)
	}
	// Planned again, it rotates for its own reason, to version 3.
	stale.MustRun(t, "apply")
	if got := familyVersions(t, e, "k"); len(got) != 3 {
		t.Fatalf("the store holds versions %v, want 1 to 3", got)
	}
}

// beforeDuplicate runs hook once before the first duplicate it forwards.
type beforeDuplicate struct {
	providerdata.Store
	once *sync.Once
	hook func()
}

func (s beforeDuplicate) Duplicate(ctx context.Context, id, name, newName, comment string, scopes []string) (versions.StoreSecret, error) {
	s.once.Do(s.hook)
	return s.Store.Duplicate(ctx, id, name, newName, comment, scopes)
}

// Under retention none the copy is deleted once the rotation is done, so
// another apply may rotate the secret and delete its copy between this
// apply's read and its own copy. This apply reads the current secret again
// under its lock, finds it changed, deletes its copy and fails, leaving the
// other apply's version alone.
func TestSecretRotatedUnderTheLock(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	current := versions.CurrentName(e.Namespace, "k")
	other := func() {
		s, _ := e.Emulator.Secret(e.AccountID, current)
		meta, err := versions.Decode(s.Comment)
		if err != nil {
			t.Error(err)
			return
		}
		e.Fake.Advance(60e9)
		meta.Version, meta.From = 2, e.Clock.Now().UTC().Truncate(1e9)
		e.Emulator.Put(e.AccountID, current, "the other apply's value", versions.Encode(meta))
	}
	w := e.Workspace(t, provider.Options{WrapStore: func(c *client.Client) providerdata.Store {
		return beforeDuplicate{Store: c, once: new(sync.Once), hook: other}
	}})
	w.Write(t, e.Config(triggeredSecrets(retainNone, "1", "k")))
	w.MustRun(t, "init")
	w.MustRun(t, "apply")
	w.Write(t, e.Config(triggeredSecrets(retainNone, "2", "k")))
	_, err := w.Run("apply")
	if msg := strings.Join(strings.Fields(fmt.Sprint(err)), " "); err == nil || !strings.Contains(msg, "another writer (an apply, a put or an action) changed the secret while this one was rotating it, so no value was written") {
		t.Fatalf("the rotation under a lock taken too late did not fail: %v", err)
	}
	if !e.Emulator.ValueEquals(e.AccountID, current, "the other apply's value") {
		t.Fatal("the other apply's version 2 was overwritten")
	}
	if got := familyVersions(t, e, "k"); len(got) != 1 {
		t.Fatalf("the store holds versions %v, want the other apply's version 2 alone", got)
	}
}

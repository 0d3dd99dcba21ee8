package resources_test

import (
	"context"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Store secrets without the Layeron marker, even under names in a Layeron
// secret's family, are never changed or deleted: not by rotation, not by
// the pruning of expired versions, not by destroy.
func TestSecretLeavesUnmarkedSecretsAlone(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	foreign := []string{
		versions.CopyName(e.Namespace, "k", 1), // where version 1's copy would go
		versions.CopyName(e.Namespace, "k", 9),
		versions.CurrentName(e.Namespace, "k_other"),
	}
	fingerprints := map[string]string{}
	for _, name := range foreign {
		e.Emulator.Put(e.AccountID, name, "foreign-"+name, "made in the dashboard")
		fingerprints[name] = e.Emulator.Fingerprint(e.AccountID, name)
	}
	untouched := func(step string) {
		t.Helper()
		byName := map[string]string{}
		for _, s := range e.Emulator.Secrets(e.AccountID) {
			byName[s.Name] = s.Comment
		}
		for _, name := range foreign {
			if byName[name] != "made in the dashboard" || e.Emulator.Fingerprint(e.AccountID, name) != fingerprints[name] {
				t.Fatalf("%s changed or deleted the unmarked store secret %s", step, name)
			}
		}
	}
	config := func(reason string) string {
		return e.Config(triggeredSecrets(`{ mode = "retain_for", days = 1 }`, reason, "k"))
	}
	w := e.Workspace(t, provider.Options{})
	w.MustRun(t, "init")
	// Creating version 1 leaves the unmarked secrets as they were.
	w.Write(t, config("1"))
	w.MustRun(t, "apply")
	untouched("create")
	// Version 1's copy cannot take a name an unmarked secret holds: the
	// rotation fails rather than overwrite it.
	w.Write(t, config("2"))
	if _, err := w.Run("apply"); err == nil {
		t.Fatal("the rotation succeeded although an unmarked secret holds the copy's name")
	}
	untouched("a rotation blocked by an unmarked secret")
	// Once its owner deletes it, the rotation goes through.
	c := e.Client()
	listing, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range listing {
		if s.Name == foreign[0] {
			if err := c.Delete(context.Background(), []versions.StoreSecret{s}); err != nil {
				t.Fatal(err)
			}
		}
	}
	foreign = foreign[1:]
	w.MustRun(t, "apply")
	// Two days on, the apply prunes the expired copy of version 1 and only
	// it: the unmarked secrets in the family stay.
	e.Fake.AdvanceDays(2)
	w.MustRun(t, "apply") // prunes the expired copy of version 1
	untouched("pruning")
	if got := familyVersions(t, e, "k"); len(got) != 1 {
		t.Fatalf("the expired copy was not pruned: versions %v", got)
	}
	// Destroy deletes what Layeron made and leaves the unmarked secrets.
	w.MustRun(t, "destroy")
	untouched("destroy")
	if left := len(e.Emulator.Secrets(e.AccountID)); left != len(foreign) {
		t.Fatalf("destroy left %d store secrets, want only the %d unmarked ones", left, len(foreign))
	}
}

package cli_test

import (
	"context"
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// rotatedTwice makes random secret k, keeping every version, and rotates
// it twice with the CLI: versions 1 and 2 are retained, 3 is current.
func rotatedTwice(t *testing.T, e *acctest.Env) {
	t.Helper()
	onRealTime(e)
	putSecret(t, e, e.Namespace, "k", "revoke-first-5a6b", versions.Meta{Kind: versions.KindRandom, RetainMode: versions.RetainForever})
	for range 2 {
		if code, _, errOut := runLayeron(t, e, "", "secret", "rotate", e.Namespace+"/k"); code != cli.ExitOK {
			t.Fatalf("rotate exited %d: %s", code, errOut)
		}
	}
}

// revoke deletes the retained versions asked for, says which, and which
// asked for no copy keeps; without --version every retained version. The
// current version, and the copy a rotation in flight makes of it as its
// lock, stay.
func TestRevokeDeletesRetainedVersions(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	rotatedTwice(t, e)
	id, current := e.Namespace+"/k", versions.CurrentName(e.Namespace, "k")
	copyOf := func(v int) string { return versions.CopyName(e.Namespace, "k", v) }
	kept := func(v int) bool { _, ok := e.Emulator.Secret(e.AccountID, copyOf(v)); return ok }
	value := e.Emulator.Fingerprint(e.AccountID, current)

	e.Emulator.ResetCounters()
	code, out, errOut := runLayeron(t, e, "", "secret", "revoke", id, "--version", "1", "--version", "9")
	if code != cli.ExitOK || !strings.Contains(out, `Deleted version 1 of secret `+id+` (store secret "`+copyOf(1)+`") from account `+e.AccountID) ||
		!strings.Contains(out, "Secret "+id+" keeps no copy of version 9 in account "+e.AccountID) || strings.Contains(out, "version 2") {
		t.Fatalf("revoke of versions 1 and 9 exited %d, printing %q and %q; want 0, version 1 deleted and version 9 not kept", code, out, errOut)
	}
	if kept(1) || !kept(2) || e.Emulator.Fingerprint(e.AccountID, current) != value || e.Emulator.Count("DELETE /secrets/{id}") != 1 {
		t.Fatalf("revoking version 1 did not delete it alone: %v", e.Emulator.Secrets(e.AccountID))
	}

	// A rotation in flight has copied version 3, the current one, as its
	// lock.
	s, _ := e.Emulator.Secret(e.AccountID, current)
	meta, err := versions.Decode(s.Comment)
	if err != nil {
		t.Fatal(err)
	}
	lock := versions.Encode(versions.Retention{Mode: versions.RetainForever}.Retire(meta, meta.From, "00000000000000cc"))
	if _, err := e.Client().Duplicate(context.Background(), s.ID, s.Name, copyOf(3), lock, s.Scopes); err != nil {
		t.Fatal(err)
	}
	if family, err := e.Client().ReadFamily(context.Background(), e.Namespace, "k"); err != nil {
		t.Fatal(err)
	} else if _, state := family.RotationLock("", e.Clock.Now()); state != versions.LockHeld {
		t.Fatalf("the copy of version 3 is not the lock of a rotation in flight: %+v", family)
	}
	code, out, errOut = runLayeron(t, e, "", "secret", "revoke", id)
	if code != cli.ExitOK || !strings.Contains(out, `Deleted version 2 of secret `+id) || strings.Contains(out, "Deleted version 3") {
		t.Fatalf("revoke of every retained version exited %d, printing %q and %q; want 0 and version 2 deleted alone", code, out, errOut)
	}
	if kept(2) || !kept(3) || e.Emulator.Fingerprint(e.AccountID, current) != value {
		t.Fatalf("revoking every retained version did not delete version 2 alone, leaving the current version and the lock: %v", e.Emulator.Secrets(e.AccountID))
	}
	code, out, _ = runLayeron(t, e, "", "secret", "revoke", id)
	if code != cli.ExitOK || !strings.Contains(out, "Secret "+id+" has no retained copy to delete in account "+e.AccountID) {
		t.Fatalf("revoke with nothing left to delete exited %d, printing %q", code, out)
	}
}

// revoke refuses the current version, a secret that is not Layeron's and a
// wrong command line, and deletes nothing.
func TestRevokeRefuses(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	rotatedTwice(t, e)
	id := e.Namespace + "/k"
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "revoke-hand-1c2d", "set by hand")
	e.Emulator.Put(e.AccountID, versions.CopyName(e.Namespace, "handmade", 1), "revoke-hand-old-3e4f", "set by hand")
	before := e.Emulator.Secrets(e.AccountID)
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"secret", "revoke", id, "--version", "3"}, cli.ExitFailed, []string{"version 3 is the current version, which revoke never deletes", "nothing was deleted"}},
		{[]string{"secret", "revoke", "--version", "1", "--version", "3", id}, cli.ExitFailed, []string{"version 3 is the current version", "nothing was deleted"}},
		{[]string{"secret", "revoke", e.Namespace + "/handmade"}, cli.ExitFailed, []string{"was not created by Layeron"}},
		{[]string{"secret", "revoke", e.Namespace + "/missing"}, cli.ExitFailed, []string{"no Layeron secret " + e.Namespace + "/missing exists"}},
		{[]string{"secret", "revoke", id, "--version", "first"}, cli.ExitUsage, []string{"a version is a whole number, 1 or more", "Usage: layeron secret revoke"}},
		{[]string{"secret", "revoke", id, "--versions", "1"}, cli.ExitUsage, []string{"flag provided but not defined: -versions", "Usage: layeron secret revoke"}},
	} {
		e.Emulator.ResetCounters()
		code, _, errOut := runLayeron(t, e, "", tc.args...)
		if code != tc.code {
			t.Errorf("layeron %v exited %d, printing %q; want %d", tc.args, code, errOut, tc.code)
		}
		for _, want := range tc.want {
			if !strings.Contains(errOut, want) {
				t.Errorf("layeron %v printed %q; want it to say %q", tc.args, errOut, want)
			}
		}
		if n := writes(e); n != 0 {
			t.Errorf("the refused layeron %v sent %d writes", tc.args, n)
		}
		if tc.code == cli.ExitUsage && e.Emulator.Count("") != 0 {
			t.Errorf("layeron %v, a wrong command line, sent %d requests", tc.args, e.Emulator.Count(""))
		}
	}
	if after := e.Emulator.Secrets(e.AccountID); len(after) != len(before) {
		t.Fatalf("the refused revokes changed the store: %v, was %v", after, before)
	}
}

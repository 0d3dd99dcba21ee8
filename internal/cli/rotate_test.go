package cli_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// rotate writes a new random value, of the length the secret declares or
// 32 bytes, as its next version, and keeps the previous one as its
// retention says: a copy kept for 7 days, or none.
func TestRotateRandomSecret(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	const first, plainFirst = "rotate-first-3f9a1c", "rotate-plain-first-77d0"
	putSecret(t, e, e.Namespace, "api", first, versions.Meta{Kind: versions.KindRandom, Bytes: 48, RetainMode: versions.RetainFor, RetainDays: 7})
	putSecret(t, e, e.Namespace, "plain", plainFirst, versions.Meta{Kind: versions.KindRandom, RetainMode: versions.RetainNone})
	current, copy1 := versions.CurrentName(e.Namespace, "api"), versions.CopyName(e.Namespace, "api", 1)

	code, out, errOut := runLayeron(t, e, "", "secret", "rotate", e.Namespace+"/api")
	noValue(t, out+errOut, first)
	if code != cli.ExitOK || !strings.Contains(out, "Wrote version 2 of secret "+e.Namespace+"/api") || !strings.Contains(out, `version 1 is kept as store secret "`+copy1+`"`) {
		t.Fatalf("rotate exited %d, printing %q and %q; want 0, version 2 written and version 1 kept", code, out, errOut)
	}
	now, ok := e.Emulator.Secret(e.AccountID, current)
	if !ok || e.Emulator.ValueEquals(e.AccountID, current, first) || now.ValueSize != 64 {
		t.Fatalf("the current secret does not hold a new value of 48 random bytes (64 characters): %+v", now)
	}
	meta, err := versions.Decode(now.Comment)
	if err != nil || meta.Version != 2 || meta.Bytes != 48 || meta.RetainMode != versions.RetainFor || meta.RetainDays != 7 {
		t.Fatalf("the current secret is not version 2 with its declaration kept: %+v, %v", meta, err)
	}
	kept, ok := e.Emulator.Secret(e.AccountID, copy1)
	if !ok || !e.Emulator.ValueEquals(e.AccountID, copy1, first) {
		t.Fatalf("version 1 is not kept as %s: %v", copy1, e.Emulator.Secrets(e.AccountID))
	}
	if retired, err := versions.Decode(kept.Comment); err != nil || !retired.Expires.Equal(retired.Until.Add(7*24*time.Hour)) {
		t.Fatalf("the copy of version 1 does not expire 7 days after its rotation: %+v, %v", retired, err)
	}

	// A secret that declares no bytes gets 32, and retention none keeps
	// no copy.
	plain := versions.CurrentName(e.Namespace, "plain")
	if code, out, errOut := runLayeron(t, e, "", "secret", "rotate", e.Namespace+"/plain"); code != cli.ExitOK || !strings.Contains(out, "version 1 is not kept (retention none)") {
		t.Fatalf("rotate of a secret under retention none exited %d, printing %q and %q", code, out, errOut)
	}
	if s, _ := e.Emulator.Secret(e.AccountID, plain); s.ValueSize != 43 || e.Emulator.ValueEquals(e.AccountID, plain, plainFirst) || !strings.Contains(s.Comment, " v=2 ") {
		t.Fatalf("the secret that declares no bytes does not hold a new version 2 of 32 random bytes (43 characters): %+v", s)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, versions.CopyName(e.Namespace, "plain", 1)); ok {
		t.Fatal("rotate kept a copy under retention none")
	}
}

// rotate refuses what is not a random Layeron secret, and a wrong command
// line, saying what to do instead, and writes nothing.
func TestRotateRefuses(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	const static, generated, hand = "rotate-static-0a1b", "rotate-generated-2c3d", "rotate-hand-4e5f"
	putSecret(t, e, e.Namespace, "static", static, versions.Meta{Kind: versions.KindStatic, RetainMode: versions.RetainForever})
	putSecret(t, e, e.Namespace, "partner", generated, versions.Meta{Kind: versions.KindGenerated, RetainMode: versions.RetainForever})
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), hand, "set by hand")
	before := e.Emulator.Secrets(e.AccountID)
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"secret", "rotate", e.Namespace + "/static"}, cli.ExitFailed, []string{"is a static secret", "value_wo_version", "account " + e.AccountID, "Nothing was written"}},
		{[]string{"secret", "rotate", e.Namespace + "/partner"}, cli.ExitFailed, []string{"is a generated secret", "layeron secret put " + e.Namespace + "/partner"}},
		{[]string{"secret", "rotate", e.Namespace + "/handmade"}, cli.ExitFailed, []string{"was not created by Layeron", "layeron secret adopt"}},
		{[]string{"secret", "rotate", e.Namespace + "/missing"}, cli.ExitFailed, []string{"no Layeron secret " + e.Namespace + "/missing exists"}},
		{[]string{"secret", "rotate", "not a name"}, cli.ExitUsage, []string{"is not <namespace>/<name>", "Usage: layeron secret rotate"}},
		{[]string{"secret", "rotate", e.Namespace + "/static", "extra"}, cli.ExitUsage, []string{"takes 1 argument(s), got 2"}},
	} {
		e.Emulator.ResetCounters()
		code, out, errOut := runLayeron(t, e, "", tc.args...)
		noValue(t, out+errOut, static, generated, hand)
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
	after := e.Emulator.Secrets(e.AccountID)
	if len(after) != len(before) {
		t.Fatalf("the refused rotations changed the store: %v, was %v", after, before)
	}
	for i := range before {
		if !after[i].Modified.Equal(before[i].Modified) || after[i].Comment != before[i].Comment {
			t.Fatalf("the refused rotations changed %s", before[i].Name)
		}
	}
}

// A rotation interrupted after its copy is made and before its value is
// written deletes the copy, says so and exits 1, as a put does: the
// current value is as it was, and no lock is left.
func TestRotateInterruptedAfterCopyUndoesIt(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	id, current, copy1 := e.Namespace+"/k", versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	const first = "rotate-interrupted-9e8d"
	putSecret(t, e, e.Namespace, "k", first, versions.Meta{Kind: versions.KindRandom, RetainMode: versions.RetainForever})
	before := e.Emulator.Fingerprint(e.AccountID, current)

	e.Emulator.AddFault(emulator.Fault{Route: "POST /secrets/{id}/duplicate", Delay: 2 * time.Second})
	baseURL, arrived := watched(t, e)
	p := startLayeron(t, e, baseURL, "", "secret", "rotate", id)
	awaitRoute(t, arrived, "POST /secrets/{id}/duplicate")
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := p.wait(t)
	noValue(t, out+errOut, first)
	if code != cli.ExitFailed || !strings.Contains(errOut, "the rotation was interrupted after copying version 1") ||
		!strings.Contains(errOut, "nothing was written, and the copy, which locked the secret, was deleted") {
		t.Fatalf("the interrupted rotation exited %d, saying %q; want 1 and that it deleted its copy and wrote nothing", code, errOut)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); ok {
		t.Fatalf("the interrupted rotation left its lock copy %q", copy1)
	}
	if e.Emulator.Fingerprint(e.AccountID, current) != before || !e.Emulator.ValueEquals(e.AccountID, current, first) {
		t.Fatal("the interrupted rotation changed the current value")
	}
}

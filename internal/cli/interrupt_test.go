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

// onRealTime sets the emulator's clock to the wall clock, which the
// layeron command reads, so that the copies the store stamps and the
// command's own time agree on whether a lock's lease has passed.
func onRealTime(e *acctest.Env) {
	e.Fake.Set(time.Now().UTC().Truncate(time.Second))
}

// A put interrupted after its copy is made and before its value is
// written deletes the copy, says so and exits 1: the current value is as
// it was, no lock is left, and the next put goes through at once.
func TestPutInterruptedAfterCopyUndoesIt(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	id, current, copy1 := e.Namespace+"/k", versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	const first, second, third = "whsec-first-4f1e", "whsec-second-9a2b", "whsec-third-c3d7"
	if code, _, errOut := runLayeron(t, e, first+"\n", "secret", "put", id); code != cli.ExitOK {
		t.Fatalf("the first put exited %d: %s", code, errOut)
	}
	before := e.Emulator.Fingerprint(e.AccountID, current)

	// The store holds the duplicate back and makes the copy once the
	// signal has arrived.
	e.Emulator.AddFault(emulator.Fault{Route: "POST /secrets/{id}/duplicate", Delay: 2 * time.Second})
	baseURL, arrived := watched(t, e)
	p := startLayeron(t, e, baseURL, second+"\n", "secret", "put", id)
	awaitRoute(t, arrived, "POST /secrets/{id}/duplicate")
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := p.wait(t)
	noValue(t, out+errOut, first, second)
	if code != cli.ExitFailed || !strings.Contains(errOut, "the put was interrupted after copying version 1") ||
		!strings.Contains(errOut, "nothing was written, and the copy, which locked the secret, was deleted") {
		t.Fatalf("the interrupted put exited %d, saying %q; want 1 and that it deleted its copy and wrote nothing", code, errOut)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); ok {
		t.Fatalf("the interrupted put left its lock copy %q", copy1)
	}
	if e.Emulator.Fingerprint(e.AccountID, current) != before || !e.Emulator.ValueEquals(e.AccountID, current, first) {
		t.Fatal("the interrupted put changed the current value")
	}

	if code, _, errOut := runLayeron(t, e, third+"\n", "secret", "put", id); code != cli.ExitOK {
		t.Fatalf("the put after the interrupted one exited %d: %s", code, errOut)
	}
	if !e.Emulator.ValueEquals(e.AccountID, current, third) || !e.Emulator.ValueEquals(e.AccountID, copy1, first) {
		t.Fatalf("after the next put the store does not hold its value as current and the first as version 1: %v", e.Emulator.Secrets(e.AccountID))
	}
}

// A put interrupted while its value is being written finishes the write,
// deletes its lock copy under retention none, skips the pruning, says so
// and exits 1.
func TestPutInterruptedWhileWritingFinishes(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	id, current, copy1 := e.Namespace+"/k", versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	const first, second, third = "whsec-first-5e2a", "whsec-second-0b9c", "whsec-third-7d1f"
	meta := versions.Meta{Namespace: e.Namespace, Name: "k", Kind: versions.KindGenerated, Version: 1, From: e.Clock.Now(), RetainMode: versions.RetainNone}
	e.Emulator.Put(e.AccountID, current, first, versions.Encode(meta))

	e.Emulator.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Delay: 2 * time.Second})
	baseURL, arrived := watched(t, e)
	p := startLayeron(t, e, baseURL, second+"\n", "secret", "put", id)
	awaitRoute(t, arrived, "PATCH /secrets/{id}")
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := p.wait(t)
	noValue(t, out+errOut, first, second)
	if code != cli.ExitFailed || !strings.Contains(out, "Wrote version 2 of secret "+id) ||
		!strings.Contains(errOut, "the put was interrupted after writing version 2, so its expired copies were not pruned") {
		t.Fatalf("the put interrupted while writing exited %d, printing %q and %q; want 1, the version written and the pruning skipped", code, out, errOut)
	}
	if !e.Emulator.ValueEquals(e.AccountID, current, second) {
		t.Fatal("the put interrupted while writing did not finish its write")
	}
	if s, _ := e.Emulator.Secret(e.AccountID, current); !strings.Contains(s.Comment, " v=2 ") {
		t.Fatalf("the current secret does not say version 2: %q", s.Comment)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); ok {
		t.Fatalf("the put interrupted while writing left its lock copy %q under retention none", copy1)
	}

	if code, _, errOut := runLayeron(t, e, third+"\n", "secret", "put", id); code != cli.ExitOK {
		t.Fatalf("the put after the interrupted one exited %d: %s", code, errOut)
	}
	if !e.Emulator.ValueEquals(e.AccountID, current, third) {
		t.Fatal("the next put did not write its value")
	}
}

// A put killed between its copy and its write leaves its copy, which locks
// the secret: the next put is refused and says how to unlock it; unlock
// deletes the copy, the current value untouched, and the put then goes
// through.
func TestPutKilledLeavesLockUntilUnlock(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	id, current, copy1 := e.Namespace+"/k", versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	const first, second, third = "whsec-first-8c4d", "whsec-second-2f6e", "whsec-third-1a9b"
	if code, _, errOut := runLayeron(t, e, first+"\n", "secret", "put", id); code != cli.ExitOK {
		t.Fatalf("the first put exited %d: %s", code, errOut)
	}
	before := e.Emulator.Fingerprint(e.AccountID, current)

	// The store holds the write back, then refuses it: the killed put's
	// write never happens.
	e.Emulator.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Delay: 2 * time.Second, Status: 503})
	baseURL, arrived := watched(t, e)
	p := startLayeron(t, e, baseURL, second+"\n", "secret", "put", id)
	awaitRoute(t, arrived, "PATCH /secrets/{id}")
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, out, errOut := p.wait(t)
	noValue(t, out+errOut, first, second)
	if !e.Emulator.ValueEquals(e.AccountID, copy1, first) {
		t.Fatalf("the killed put left no copy of version 1 holding its value: %v", e.Emulator.Secrets(e.AccountID))
	}

	code, out, errOut := runLayeron(t, e, third+"\n", "secret", "put", id)
	noValue(t, out+errOut, first, third)
	if code != cli.ExitFailed || !strings.Contains(errOut, "another writer (an apply, a put or an action) is rotating it") ||
		!strings.Contains(errOut, "layeron secret unlock "+id) {
		t.Fatalf("the put over the lock exited %d, saying %q; want 1, the lock and how to remove it", code, errOut)
	}
	if e.Emulator.Fingerprint(e.AccountID, current) != before || !e.Emulator.ValueEquals(e.AccountID, copy1, first) {
		t.Fatal("the refused put changed the store")
	}

	code, out, errOut = runLayeron(t, e, "", "secret", "unlock", id)
	if code != cli.ExitOK || !strings.Contains(out, `Deleted store secret "`+copy1+`"`) {
		t.Fatalf("unlock exited %d, printing %q and %q", code, out, errOut)
	}
	if _, ok := e.Emulator.Secret(e.AccountID, copy1); ok {
		t.Fatalf("unlock left the lock copy %q", copy1)
	}
	if e.Emulator.Fingerprint(e.AccountID, current) != before {
		t.Fatal("unlock changed the current value")
	}

	if code, _, errOut := runLayeron(t, e, third+"\n", "secret", "put", id); code != cli.ExitOK {
		t.Fatalf("the put after unlock exited %d: %s", code, errOut)
	}
	if !e.Emulator.ValueEquals(e.AccountID, current, third) || !e.Emulator.ValueEquals(e.AccountID, copy1, first) {
		t.Fatalf("after unlock the put does not leave its value current and the first as version 1: %v", e.Emulator.Secrets(e.AccountID))
	}
}

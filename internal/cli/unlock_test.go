package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/cli"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// unlock refuses, deleting nothing, when it cannot prove that the lock
// copy holds the current value: when there is no lock, and when the
// current secret was written after the copy was made.
func TestUnlockRefuses(t *testing.T) {
	acctest.EngineNeutral(t)
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	onRealTime(e)
	id, current, copy1 := e.Namespace+"/k", versions.CurrentName(e.Namespace, "k"), versions.CopyName(e.Namespace, "k", 1)
	const first, outside = "whsec-first-6b3c", "whsec-outside-e8f0"
	if code, _, errOut := runLayeron(t, e, first+"\n", "secret", "put", id); code != cli.ExitOK {
		t.Fatalf("the first put exited %d: %s", code, errOut)
	}

	code, out, errOut := runLayeron(t, e, "", "secret", "unlock", id)
	if code != cli.ExitFailed || !strings.Contains(errOut, "no rotation holds a lock on it") || !strings.Contains(errOut, "nothing was deleted") {
		t.Fatalf("unlock of a secret no rotation locks exited %d, printing %q and %q", code, out, errOut)
	}

	// A rotation copied version 1, and then someone wrote a value into the
	// current secret, its comment unchanged: the copy holds the only value
	// of version 1 left.
	s, _ := e.Emulator.Secret(e.AccountID, current)
	meta, err := versions.Decode(s.Comment)
	if err != nil {
		t.Fatal(err)
	}
	// Retired when it became current: the binary's put stamps the real
	// time, which may be a second past the test's frozen clock.
	comment := versions.Encode(versions.Retention{Mode: versions.RetainForever}.Retire(meta, meta.From, "00000000000000bb"))
	if _, err := e.Client().Duplicate(context.Background(), s.ID, s.Name, copy1, comment, s.Scopes); err != nil {
		t.Fatal(err)
	}
	e.Fake.Advance(time.Second)
	e.Emulator.Put(e.AccountID, current, outside, s.Comment)

	code, out, errOut = runLayeron(t, e, "", "secret", "unlock", id)
	noValue(t, out+errOut, first, outside)
	if code != cli.ExitFailed || !strings.Contains(errOut, "nothing was deleted") ||
		!strings.Contains(errOut, `store secret "`+current+`" was written at`) || !strings.Contains(errOut, `after store secret "`+copy1+`"`) {
		t.Fatalf("unlock of a secret written after its copy exited %d, printing %q and %q; want 1, naming both store secrets and their times", code, out, errOut)
	}
	if !e.Emulator.ValueEquals(e.AccountID, copy1, first) || !e.Emulator.ValueEquals(e.AccountID, current, outside) {
		t.Fatalf("the refused unlock changed the store: %v", e.Emulator.Secrets(e.AccountID))
	}
}

package emulator_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/emulator"
)

// startT is the testing.T that Start sees, to watch it fail.
type startT struct {
	cleanups []func()
	fatal    string
}

func (s *startT) Cleanup(f func())                  { s.cleanups = append(s.cleanups, f) }
func (s *startT) Fatalf(format string, args ...any) { s.fatal = fmt.Sprintf(format, args...) }

// A state file that cannot be written is refused at start, naming it,
// rather than found out when a restart has lost everything.
func TestUnwritableStateIsRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		filepath.Join(dir, "missing", "state.json"),
		filepath.Join(file, "state.json"), // a parent that is a file: refused even to root
	} {
		_, err := emulator.New(emulator.Options{StatePath: path})
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("state file %s: want an error naming it, got %v", path, err)
		}
		st := &startT{}
		emulator.Start(st, emulator.Options{StatePath: path})
		for _, f := range st.cleanups {
			f()
		}
		if !strings.Contains(st.fatal, path) {
			t.Errorf("Start with state file %s: want a failure naming it, got %q", path, st.fatal)
		}
	}
	// A good path is written at start: the file exists before any request.
	good := filepath.Join(dir, "state.json")
	if _, err := emulator.New(emulator.Options{StatePath: good}); err != nil {
		t.Fatalf("state file %s: %v", good, err)
	}
	if _, err := os.Stat(good); err != nil {
		t.Errorf("the state file is not written at start: %v", err)
	}
}

// A write the emulator cannot save is answered with a server error, not a
// success the next restart would contradict.
func TestFailedSaveAnswers5xx(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	f := setupWith(t, emulator.Options{StatePath: filepath.Join(dir, "state.json")})
	f.create(t, "saved")

	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	_, err := f.createErr("lost")
	if status, code := apiStatus(t, err); status != http.StatusInternalServerError || code != 10002 {
		t.Errorf("a write that cannot be saved: want 500/10002, got %d/%d", status, code)
	}
}

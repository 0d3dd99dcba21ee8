package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// refusesToStart checks that the command stops with an error naming the
// state file at path, rather than serving.
func refusesToStart(t *testing.T, path, what string) {
	t.Helper()
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(context.Background(), []string{"-port", "0", "-state", path}, &logs) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("want an error naming %s, got %v", path, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the emulator started with %s; logs: %s", what, logs.String())
	}
}

// A -state the emulator cannot write stops it before it listens, with a
// message naming the file.
func TestUnwritableStateStopsTheCommand(t *testing.T) {
	refusesToStart(t, filepath.Join(t.TempDir(), "missing", "state.json"), "an unwritable state file")
}

// A malformed state file stops the command too.
func TestMalformedStateStopsTheCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(`{"accounts":{"x":null}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	refusesToStart(t, path, "a malformed state file")
}

// With good flags the command serves until its context ends.
func TestServesUntilCancelled(t *testing.T) {
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "url")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-port", "0", "-token", "t", "-state", filepath.Join(dir, "state.json"), "-url-file", urlFile}, &logs)
	}()
	var base string
	for deadline := time.Now().Add(5 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(urlFile)
		base = strings.TrimSpace(string(b))
	}
	if base == "" {
		t.Fatal("the emulator did not write its URL")
	}
	req, err := http.NewRequest(http.MethodGet, base+"/accounts/a/secrets_store/quota", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer t")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("quota: got %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the emulator did not stop")
	}
}

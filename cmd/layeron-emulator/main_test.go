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

// serve runs the command with args until the test ends, and returns the
// base URL it serves and a function that stops it and reports its error.
func serve(t *testing.T, args ...string) (base string, stop func() error) {
	t.Helper()
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"-port", "0", "-url-file", urlFile}, args...), &logs) }()
	for deadline := time.Now().Add(5 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b, _ := os.ReadFile(urlFile)
		base = strings.TrimSpace(string(b))
	}
	if base == "" {
		t.Fatalf("the emulator did not write its URL; logs: %s", logs.String())
	}
	return base, func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("the emulator did not stop")
			return nil
		}
	}
}

// getQuota asks base for an account's quota with token and returns the
// status.
func getQuota(t *testing.T, base, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/accounts/a/secrets_store/quota", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// With good flags the command serves until its context ends.
func TestServesUntilCancelled(t *testing.T) {
	base, stop := serve(t, "-token", "t", "-state", filepath.Join(t.TempDir(), "state.json"))
	if status := getQuota(t, base, "t"); status != http.StatusOK {
		t.Errorf("quota: got %d", status)
	}
	if err := stop(); err != nil {
		t.Errorf("after cancel: %v", err)
	}
}

// -latency holds every response back by at least that long.
func TestLatencyDelaysEveryResponse(t *testing.T) {
	const latency = 300 * time.Millisecond
	base, stop := serve(t, "-token", "t", "-latency", latency.String())
	defer func() { _ = stop() }()
	for range 2 {
		start := time.Now()
		if status := getQuota(t, base, "t"); status != http.StatusOK {
			t.Fatalf("quota: got %d", status)
		}
		if took := time.Since(start); took < latency {
			t.Errorf("a response came after %s, before the %s latency", took, latency)
		}
	}
}

package emulator_test

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A client that sends part of a body and stalls must not hold up anyone
// else: bodies are read before the store is locked.
func TestSlowBodyDoesNotBlockOthers(t *testing.T) {
	f := setup(t)
	u, err := url.Parse(f.url)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	// 9 of the 100 bytes the headers promise.
	_, err = fmt.Fprintf(conn, "POST %s/accounts/%s/secrets_store/stores/%s/secrets HTTP/1.1\r\nHost: %s\r\n"+
		"Authorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[{\"name\":",
		u.Path, testAccount, f.store, u.Host, testToken)
	if err != nil {
		t.Fatal(err)
	}
	// Give the emulator time to start on the stalled request.
	time.Sleep(300 * time.Millisecond)

	start := time.Now()
	req, err := http.NewRequest(http.MethodGet, f.url+"/accounts/"+testAccount+"/secrets_store/quota", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("a second client waited on the stalled one: %v after %v", err, time.Since(start))
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || time.Since(start) > time.Second {
		t.Errorf("a second client: got %d after %v", resp.StatusCode, time.Since(start))
	}
}

// A body over the limit is refused with an envelope and changes nothing.
func TestBodyTooLarge(t *testing.T) {
	f := setup(t)
	body := "[" + strings.Repeat(" ", 8<<20) + "]"
	req, err := http.NewRequest(http.MethodPost, f.url+"/accounts/"+testAccount+"/secrets_store/stores/"+f.store+"/secrets", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	status, env := send(t, req)
	if status != http.StatusRequestEntityTooLarge || *env.Success || len(env.Errors) == 0 || env.Errors[0].Code != 1007 {
		t.Errorf("an oversized body: want 413 with code 1007, got %d %+v", status, env)
	}
	if n := len(f.emu.Secrets(testAccount)); n != 0 {
		t.Errorf("an oversized body wrote %d secrets", n)
	}
}

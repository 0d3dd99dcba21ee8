package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptrace"
	"testing"
	"time"
)

// A bug in a handler must cost the client one 500 envelope, not its
// connection, and must not leave the store locked.
func TestPanicAnswersV4Error(t *testing.T) {
	const route = "GET /quota"
	original := handlers[route]
	handlers[route] = func(*Server, http.ResponseWriter, *http.Request, params) { panic("a bug") }
	t.Cleanup(func() { handlers[route] = original })

	s, url := Start(t, Options{Token: "tok"})
	client := &http.Client{Timeout: 5 * time.Second}
	get := func(path string) (status int, success bool, code int, reused bool) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, url+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer tok")
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused }}
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: no answer: %v", path, err)
		}
		defer func() { _ = resp.Body.Close() }()
		var env struct {
			Success bool `json:"success"`
			Errors  []struct {
				Code int `json:"code"`
			} `json:"errors"`
		}
		b, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatalf("GET %s: not an envelope: %q", path, b)
		}
		if len(env.Errors) > 0 {
			code = env.Errors[0].Code
		}
		return resp.StatusCode, env.Success, code, reused
	}

	const quota = "/accounts/acct/secrets_store/quota"
	const stores = "/accounts/acct/secrets_store/stores"
	if status, success, code, _ := get(quota); status != 500 || success || code != 10002 {
		t.Errorf("a panicking handler: want a 500 envelope with code 10002, got %d success=%v code=%d", status, success, code)
	}
	// The same connection serves the next request: the panic did not close it.
	if status, _, _, reused := get(stores); status != 200 || !reused {
		t.Errorf("after a panic: want 200 on the same connection, got %d reused=%v", status, reused)
	}
	// A panic while a write is committed under the lock releases the lock.
	s.AddFault(Fault{Route: route, Status: http.StatusBadGateway, AfterCommit: true})
	if status, _, _, _ := get(quota); status != 500 {
		t.Errorf("a panic in an after-commit write: want 500, got %d", status)
	}
	if status, _, _, _ := get(stores); status != 200 {
		t.Errorf("after a panic under the lock: want 200, got %d", status)
	}
	var statuses []int
	for _, r := range s.Requests() {
		statuses = append(statuses, r.Status)
	}
	if len(statuses) != 4 || statuses[0] != 500 || statuses[2] != 500 {
		t.Errorf("the request log records the 500s: %v", statuses)
	}
}

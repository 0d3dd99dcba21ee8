package emulator_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"
)

// v4 is the part of a v4 envelope these tests look at.
type v4 struct {
	Success *bool `json:"success"`
	Errors  []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	Result json.RawMessage `json:"result"`
}

// send makes one request over a real connection, so that a panic in the
// emulator shows up as the dropped connection a client would see.
func send(t *testing.T, req *http.Request) (int, v4) {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+testToken)
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: no answer: %v", req.Method, req.URL, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", req.Method, req.URL, err)
	}
	var env v4
	if err := json.Unmarshal(b, &env); err != nil || env.Success == nil {
		t.Fatalf("%s %s: the answer is not a v4 envelope: %d %q", req.Method, req.URL, resp.StatusCode, b)
	}
	return resp.StatusCode, env
}

// Whatever paging a client asks for, it gets an envelope: a 400 naming the
// problem, or a page, empty past the end.
func TestHostilePaging(t *testing.T) {
	f := setup(t)
	f.create(t, "a", "b", "c")
	stores := "/accounts/" + testAccount + "/secrets_store/stores"
	secrets := stores + "/" + f.store + "/secrets"
	for _, tc := range []struct {
		path, query string
		status      int
	}{
		{secrets, "page=4611686018427387904", 200},
		{stores, "page=4611686018427387904", 200},
		{secrets, "page=4611686018427387904&per_page=2", 200},
		{secrets, "page=9223372036854775807&per_page=100", 200},
		{stores, "page=9223372036854775807&per_page=100", 200},
		{secrets, "page=92233720368547759&per_page=100", 200},
		{secrets, "page=2&per_page=2", 200},
		{secrets, "page=0", 200},
		{secrets, "per_page=0", 200},
		{secrets, "search=%zz&page=3", 200},
		{secrets, "page=99999999999999999999", 400},
		{stores, "page=99999999999999999999", 400},
		{secrets, "page=-1", 400},
		{secrets, "page=-9223372036854775808", 400},
		{secrets, "page=abc", 400},
		{secrets, "page=1e3", 400},
		{secrets, "page=%00", 400},
		{secrets, "per_page=-1", 400},
		{secrets, "per_page=101", 400},
		{stores, "per_page=9223372036854775807", 400},
		{secrets, "per_page=x&page=y", 400},
		{secrets, "order=bogus", 400},
		{secrets, "direction=sideways", 400},
	} {
		req, err := http.NewRequest(http.MethodGet, f.url+tc.path+"?"+tc.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		status, env := send(t, req)
		switch {
		case status != tc.status:
			t.Errorf("GET %s?%s: want %d, got %d %+v", tc.path, tc.query, tc.status, status, env)
		case status == 200 && (!*env.Success || len(env.Result) == 0 || env.Result[0] != '['):
			t.Errorf("GET %s?%s: want a page, got %+v", tc.path, tc.query, env)
		case status != 200 && (*env.Success || len(env.Errors) == 0 || env.Errors[0].Code != 1002):
			t.Errorf("GET %s?%s: want a validation error, got %+v", tc.path, tc.query, env)
		}
	}
}

package emulator_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// rawRequest sends what the SDK never would (malformed bodies, wrong
// methods) straight to the handler.
func rawRequest(t *testing.T, f *fixture, method, path, body string, out any) int {
	t.Helper()
	req := httptest.NewRequest(method, "http://emulator/client/v4"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	f.emu.Handler().ServeHTTP(rec, req)
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatalf("%s %s: the answer is not an envelope: %q", method, path, rec.Body.String())
	}
	return rec.Code
}

// The emulator decodes whatever a client sends, path, query and body: every
// answer is an envelope, never a panic or a server error, and a rejected
// request changes nothing.
func FuzzRequest(f *testing.F) {
	const stores = "/accounts/" + testAccount + "/secrets_store/stores"
	const secrets = stores + "/{store}/secrets"
	for _, seed := range []struct{ method, path, query, body string }{
		{"POST", secrets, "", `[{"name":"a","value":"v","scopes":["workers"]}]`},
		{"POST", secrets, "", `[{"name":"a","value":"v","scopes":["workers"]},{"name":"a","value":"w","scopes":["workers"]}]`},
		{"POST", secrets, "", `{"name":1}`},
		{"PATCH", secrets + "/0123", "", `{"value":null,"scopes":"workers"}`},
		{"POST", secrets + "/0123/duplicate", "", `{"name":"","scopes":[]}`},
		{"DELETE", secrets, "", `{"ids":["x",7]}`},
		{"GET", "/accounts/" + testAccount + "/secrets_store/quota", "", ""},
		{"PUT", "/accounts//secrets_store/stores", "", "\x00"},
		{"GET", secrets, "page=-1&per_page=1000000&search=%zz", ""},
		{"GET", secrets, "page=4611686018427387904", ""},
		{"GET", secrets, "page=9223372036854775807&per_page=100", ""},
		{"GET", secrets, "page=99999999999999999999&per_page=-1", ""},
		{"GET", secrets, "page=0&per_page=0&order=name&direction=asc", ""},
		{"GET", secrets, "page=1e3&per_page=0x10", ""},
		{"GET", secrets, "page=%2B2&per_page=%201", ""},
		{"GET", secrets, "order=comment&direction=desc&search=" + strings.Repeat("a", 300), ""},
		{"GET", secrets, "order=status&direction=DESC&scopes=workers&scopes=&scopes=%00", ""},
		{"GET", secrets, "search=%E2%80%AE&order=modified&order=name&direction=asc&direction=desc", ""},
		{"GET", secrets, "page=2&page=-2;per_page=1&&=&%", ""},
		{"GET", stores, "page=4611686018427387904&per_page=3", ""},
		{"DELETE", stores + "/{store}", "force=true&force=false", ""},
	} {
		f.Add(seed.method, seed.path, seed.query, seed.body)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		fx := setup(t)
		// A few secrets, so that paging and sorting have something to cut.
		for _, name := range []string{"s1", "s2", "s3"} {
			fx.emu.Put(testAccount, name, "value of "+name, "comment of "+name)
		}
		path = strings.ReplaceAll(path, "{store}", fx.store)
		req := httptest.NewRequest("GET", "http://emulator/client/v4", strings.NewReader(body))
		req.Method = method
		// The fuzzer's path and query go in unparsed, as a raw client could
		// send them.
		req.URL.Path += path
		req.URL.RawQuery = query
		req.Header.Set("Authorization", "Bearer "+testToken)
		before := len(fx.emu.Secrets(testAccount))
		rec := httptest.NewRecorder()
		fx.emu.Handler().ServeHTTP(rec, req)
		var envelope struct {
			Success *bool             `json:"success"`
			Errors  []json.RawMessage `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &envelope); err != nil || envelope.Success == nil {
			t.Fatalf("%s %q ? %q: the answer is not an envelope: %d %q", method, path, query, rec.Code, rec.Body.String())
		}
		if rec.Code >= 500 {
			t.Fatalf("%s %q ? %q: server error %d %s", method, path, query, rec.Code, rec.Body.String())
		}
		if !*envelope.Success && len(fx.emu.Secrets(testAccount)) != before {
			t.Fatalf("%s %q ? %q was rejected (%d) but changed the store", method, path, query, rec.Code)
		}
	})
}

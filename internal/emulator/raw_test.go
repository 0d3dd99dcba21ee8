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

// The emulator decodes whatever a client sends: every answer is an
// envelope, never a panic or a server error, and a rejected request changes
// nothing.
func FuzzRequest(f *testing.F) {
	const secrets = "/accounts/" + testAccount + "/secrets_store/stores/{store}/secrets"
	for _, seed := range []struct{ method, path, body string }{
		{"POST", secrets, `[{"name":"a","value":"v","scopes":["workers"]}]`},
		{"POST", secrets, `[{"name":"a","value":"v","scopes":["workers"]},{"name":"a","value":"w","scopes":["workers"]}]`},
		{"POST", secrets, `{"name":1}`},
		{"PATCH", secrets + "/0123", `{"value":null,"scopes":"workers"}`},
		{"POST", secrets + "/0123/duplicate", `{"name":"","scopes":[]}`},
		{"DELETE", secrets, `{"ids":["x",7]}`},
		{"GET", secrets + "?page=-1&per_page=1000000&search=%zz", ""},
		{"GET", "/accounts/" + testAccount + "/secrets_store/quota", ""},
		{"PUT", "/accounts//secrets_store/stores", "\x00"},
	} {
		f.Add(seed.method, seed.path, seed.body)
	}
	f.Fuzz(func(t *testing.T, method, path, body string) {
		fx := setup(t)
		path = strings.ReplaceAll(path, "{store}", fx.store)
		req := httptest.NewRequest("GET", "http://emulator/client/v4", strings.NewReader(body))
		req.Method = method
		// The fuzzer's path goes in unparsed, as a raw client could send it.
		req.URL.Path += path
		req.Header.Set("Authorization", "Bearer "+testToken)
		before := len(fx.emu.Secrets(testAccount))
		rec := httptest.NewRecorder()
		fx.emu.Handler().ServeHTTP(rec, req)
		var envelope struct {
			Success *bool             `json:"success"`
			Errors  []json.RawMessage `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &envelope); err != nil || envelope.Success == nil {
			t.Fatalf("%s %q: the answer is not an envelope: %d %q", method, path, rec.Code, rec.Body.String())
		}
		if rec.Code >= 500 {
			t.Fatalf("%s %q: server error %d %s", method, path, rec.Code, rec.Body.String())
		}
		if !*envelope.Success && len(fx.emu.Secrets(testAccount)) != before {
			t.Fatalf("%s %q was rejected (%d) but changed the store", method, path, rec.Code)
		}
	})
}

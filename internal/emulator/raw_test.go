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

package emulator_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// A key as the emulator wrote it, for state files to be otherwise wrong.
const stateKey = `"key":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"`

// A state file of the wrong shape is refused at start, saying what is
// wrong, rather than loaded and found out by every request of an account.
func TestMalformedStateIsRefused(t *testing.T) {
	store := func(secrets string) string {
		return `{` + stateKey + `,"accounts":{"x":{"quota":5,"stores":{"s":{"id":"s","name":"n","secrets":` + secrets + `}}}}}`
	}
	for _, tc := range []struct{ state, want string }{
		{``, "unexpected end of JSON input"},
		{`null`, "want a JSON object, found null"},
		{`[]`, "cannot unmarshal array"},
		{`{"accounts":{}} {}`, "invalid character"},
		{`{` + stateKey + `,"accounts":{"x":null}}`, `account "x" is null`},
		{`{` + stateKey + `,"accounts":{"x":{"quota":1}}}`, `account "x" has no stores`},
		{`{` + stateKey + `,"accounts":{"x":{"quota":-1,"stores":{}}}}`, `account "x" has a negative quota`},
		{`{` + stateKey + `,"accounts":{"x":{"stores":{"s":null}}}}`, `store "s" of account "x" is null`},
		{`{` + stateKey + `,"accounts":{"x":{"stores":{"s":{"id":"t","secrets":{}}}}}}`, `store "s" of account "x" has id "t"`},
		{`{` + stateKey + `,"accounts":{"x":{"stores":{"s":{"id":"s"}}}}}`, `store "s" of account "x" has no secrets`},
		{store(`{"a":null}`), `secret "a" of store "s" is null`},
		{store(`{"a":{"id":"b","name":"a","scopes":["workers"]}}`), `secret "a" of store "s" has id "b"`},
		{store(`{"a":{"id":"a","name":"","scopes":["workers"]}}`), `secret "a" of store "s" has a bad name`},
		{store(`{"a":{"id":"a","name":"x y","scopes":["workers"]}}`), `secret "a" of store "s" has a bad name`},
		{store(`{"a":{"id":"a","name":"n","scopes":["workers"]},"b":{"id":"b","name":"n","scopes":["workers"]}}`), `two secrets of store "s" are named "n"`},
		{store(`{"a":{"id":"a","name":"n"}}`), `secret "a" of store "s" has no scopes`},
		{store(`{"a":{"id":"a","name":"n","scopes":["nope"]}}`), `secret "a" of store "s" has an unknown scope`},
		{store(`{"a":{"id":"a","name":"n","scopes":["workers"],"size":-1}}`), `secret "a" of store "s" has a size out of range`},
		{store(`{"a":{"id":"a","name":"n","scopes":["workers"],"size":65537}}`), `secret "a" of store "s" has a size out of range`},
		{`{` + stateKey + `,"accounts":{"x":{"stores":{"s":{"id":"s","secrets":{"a":{"id":"a","size":"big"}}}}}}}`, "cannot unmarshal string"},
	} {
		path := filepath.Join(t.TempDir(), "state.json")
		if err := os.WriteFile(path, []byte(tc.state), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := emulator.New(emulator.Options{StatePath: path})
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("state %s: want an error naming the file and saying %q, got %v", tc.state, tc.want, err)
		}
	}
	// A whole state file loads.
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(store(`{"a":{"id":"a","name":"n","scopes":["workers"],"size":3}}`)), 0o600); err != nil {
		t.Fatal(err)
	}
	emu, err := emulator.New(emulator.Options{StatePath: path})
	if err != nil {
		t.Fatalf("a good state file: %v", err)
	}
	if got, ok := emu.Secret("x", "n"); !ok || got.ValueSize != 3 {
		t.Errorf("a good state file: got %+v, %v", got, ok)
	}
}

// Whatever a state file holds, the emulator refuses it at start or serves
// every request of its accounts with an envelope, never a server error.
func FuzzState(f *testing.F) {
	secret := `{"id":"a","name":"n","scopes":["workers"],"size":3,"seq":1,"created":"2026-11-26T04:00:00Z","modified":"2026-11-26T04:00:00Z"}`
	for _, seed := range []string{
		`{}`,
		`null`,
		`{"accounts":null}`,
		`{"accounts":{"x":null}}`,
		`{"accounts":{"x":{"quota":5,"stores":{}}}}`,
		`{"accounts":{"x":{"quota":5,"stores":{"s":{"id":"s","name":"n","secrets":{}}}}}}`,
		`{"seq":1,"accounts":{"x":{"quota":1,"stores":{"s":{"id":"s","name":"n","secrets":{"a":` + secret + `}}}}}}`,
		`{"accounts":{"x":{"quota":0,"stores":{"s":{"id":"s","secrets":{"a":{"id":"a","name":"n","scopes":[]}}}}}}}`,
		`{` + stateKey + `,"seq":-9223372036854775808,"accounts":{"x":{"quota":9223372036854775807,"stores":{"s":{"id":"s","secrets":{}}}}}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, state []byte) {
		path := filepath.Join(t.TempDir(), "state.json")
		if err := os.WriteFile(path, state, 0o600); err != nil {
			t.Fatal(err)
		}
		emu, err := emulator.New(emulator.Options{Token: testToken, StatePath: path})
		if err != nil {
			return
		}
		call := func(method, path, body string) v4 {
			req := httptest.NewRequest(method, "http://emulator/client/v4"+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+testToken)
			rec := httptest.NewRecorder()
			emu.Handler().ServeHTTP(rec, req)
			var env v4
			if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || env.Success == nil || rec.Code >= 500 {
				t.Fatalf("%s %s on state %q: %d %q", method, path, state, rec.Code, rec.Body.String())
			}
			return env
		}
		for _, account := range []string{"x", testAccount} {
			prefix := "/accounts/" + account + "/secrets_store"
			call("GET", prefix+"/quota", "")
			var stores []struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(call("GET", prefix+"/stores?per_page=100", "").Result, &stores); err != nil {
				t.Fatalf("stores of state %q: %v", state, err)
			}
			for _, st := range stores {
				secrets := prefix + "/stores/" + url.PathEscape(st.ID) + "/secrets"
				var list []struct {
					ID string `json:"id"`
				}
				if err := json.Unmarshal(call("GET", secrets+"?order=name", "").Result, &list); err != nil {
					t.Fatalf("secrets of state %q: %v", state, err)
				}
				call("POST", secrets, `[{"name":"new","value":"v","scopes":["workers"]}]`)
				for _, sec := range list {
					one := secrets + "/" + url.PathEscape(sec.ID)
					call("GET", one, "")
					call("POST", one+"/duplicate", `{"name":"copy","scopes":["workers"]}`)
					call("PATCH", one, `{"comment":"c"}`)
					call("DELETE", one, "")
				}
				call("DELETE", prefix+"/stores/"+url.PathEscape(st.ID)+"?force=true", "")
			}
		}
	})
}

// The state file holds nothing derived from a value: it is the same
// whatever the values, so no value can be checked against it offline. The
// running emulator still checks values; a restarted one knows none.
func TestStateFileKeepsNothingOfValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	f := setupWith(t, emulator.Options{StatePath: path})
	const first, second = "first-secret-value", "other-secret-value"
	secrets := "/accounts/" + testAccount + "/secrets_store/stores/" + f.store + "/secrets"
	var created struct {
		Result []struct {
			ID string `json:"id"`
		} `json:"result"`
	}
	body := `[{"name":"token","value":"` + first + `","scopes":["workers"]},{"name":"copy","value":"` + first + `","scopes":["workers"]}]`
	if status := rawRequest(t, f, "POST", secrets, body, &created); status != http.StatusOK || len(created.Result) != 2 {
		t.Fatalf("create: %d %+v", status, created)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !f.emu.ValueEquals(testAccount, "token", first) || !f.emu.SameValue(testAccount, "token", "copy") {
		t.Fatal("the running emulator checks values")
	}

	// What an attacker holding the file would try: the value itself, its
	// hash, and an HMAC under every hex string of the file taken as a key.
	file := string(before)
	if strings.Contains(file, first) || strings.Contains(file, sha256Hex(first)) {
		t.Fatalf("the state file holds the value or its hash: %s", file)
	}
	for _, key := range hexStrings(t, before) {
		if strings.Contains(file, hmacHex(key, first)) {
			t.Fatalf("the state file holds a key and a digest that confirm the value: %s", file)
		}
	}

	// The same secrets with another value of the same length, at the same
	// instant, leave the same file.
	for _, sec := range created.Result {
		var env v4
		if status := rawRequest(t, f, "PATCH", secrets+"/"+sec.ID, `{"value":"`+second+`"}`, &env); status != http.StatusOK {
			t.Fatalf("patch: %d %+v", status, env)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Errorf("the state file changes with a value:\n%s\n%s", before, after)
	}

	restarted, err := emulator.New(emulator.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := restarted.Secret(testAccount, "token"); !ok || v.ValueSize != len(second) {
		t.Errorf("a restarted emulator keeps the secret and its size: %+v, %v", v, ok)
	}
	if restarted.ValueEquals(testAccount, "token", second) || restarted.SameValue(testAccount, "token", "copy") ||
		restarted.Fingerprint(testAccount, "token") != "" {
		t.Error("a restarted emulator cannot know values")
	}
}

// A state file written with a key beside each digest, as the emulator once
// wrote them, loads without them and is rewritten at start without them.
func TestOldStateFileLosesKeyAndDigests(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	old := `{` + stateKey + `,"seq":1,"accounts":{"x":{"quota":5,"stores":{"s":{"id":"s","name":"n","secrets":{` +
		`"a":{"id":"a","name":"n","scopes":["workers"],"size":3,"seq":1,"digest":"` + hmacHex([]byte{0}, "abc") + `"}}}}}}}`
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	emu, err := emulator.New(emulator.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"key"`) || strings.Contains(string(b), `"digest"`) {
		t.Errorf("the rewritten state file keeps the key or a digest: %s", b)
	}
	if _, ok := emu.Secret("x", "n"); !ok {
		t.Error("the secret is lost")
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func hmacHex(key []byte, s string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(s))
	return hex.EncodeToString(mac.Sum(nil))
}

// hexStrings returns every JSON string of the file that decodes as hex.
func hexStrings(t *testing.T, file []byte) [][]byte {
	t.Helper()
	var keys [][]byte
	dec := json.NewDecoder(strings.NewReader(string(file)))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if s, ok := tok.(string); ok {
			if b, err := hex.DecodeString(s); err == nil && len(b) > 0 {
				keys = append(keys, b)
			}
		}
	}
	if len(keys) == 0 {
		t.Fatal("no hex strings in the state file: the ids at least are hex")
	}
	return keys
}

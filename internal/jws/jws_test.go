package jws

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

// RFC 4231 section 4 test cases (case 5, a truncated output, does not apply).
func TestHMACRFC4231(t *testing.T) {
	t.Parallel()
	aa131 := bytes.Repeat([]byte{0xaa}, 131)
	for _, tc := range []struct {
		name           string
		key, data      []byte
		sha256, sha512 string
	}{
		{"1", bytes.Repeat([]byte{0x0b}, 20), []byte("Hi There"),
			"b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
			"87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
		{"2", []byte("Jefe"), []byte("what do ya want for nothing?"),
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
			"164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
		{"3", bytes.Repeat([]byte{0xaa}, 20), bytes.Repeat([]byte{0xdd}, 50),
			"773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
			"fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
		{"6", aa131, []byte("Test Using Larger Than Block-Size Key - Hash Key First"),
			"60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
			"80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
		{"7", aa131, []byte("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
			"9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
			"e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
	} {
		for alg, want := range map[string]string{"HS256": tc.sha256, "sha512": tc.sha512} {
			newHash, _, err := Hash(alg)
			if err != nil {
				t.Fatal(err)
			}
			if got := hex.EncodeToString(MAC(newHash, tc.key, tc.data)); got != want {
				t.Errorf("case %s %s: got %s", tc.name, alg, got)
			}
		}
	}
}

// RFC 7515 appendix A.1: HS256 JWS.
const (
	rfc7515Key   = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
	rfc7515Token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9" +
		".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ" +
		".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)

func TestJWSRFC7515(t *testing.T) {
	t.Parallel()
	key, err := b64.DecodeString(rfc7515Key)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := Parse(rfc7515Token)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string][]byte{"only": key}
	before := time.Date(2011, 3, 22, 18, 0, 0, 0, time.UTC)
	if v, err := Verify(parsed, keys, Options{Alg: "HS256", Now: before, Issuer: "joe"}); err != nil || !v.Valid {
		t.Errorf("the RFC 7515 A.1 token verifies before its exp: %+v, %v", v, err)
	}
	if v, _ := Verify(parsed, keys, Options{Alg: "HS256", Now: before.Add(time.Hour)}); v.Valid || !strings.Contains(v.Reason, "expired") {
		t.Errorf("after exp: %+v", v)
	}
	if v, _ := Verify(parsed, keys, Options{Alg: "HS256", Now: before.Add(time.Hour), Leeway: 2 * time.Hour}); !v.Valid {
		t.Errorf("within leeway: %+v", v)
	}
	if v, _ := Verify(parsed, keys, Options{Alg: "HS384"}); v.Valid || !strings.Contains(v.Reason, "not the pinned HS384") {
		t.Errorf("a pinned algorithm rejects HS256: %+v", v)
	}
	if v, _ := Verify(parsed, map[string][]byte{"x": []byte("other")}, Options{Alg: "HS256"}); v.Valid {
		t.Error("a wrong key verifies")
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	keys := map[string][]byte{"2": []byte("old-key"), "3": []byte("new-key")}
	for _, alg := range []string{"HS256", "HS384", "HS512"} {
		token, err := Sign([]byte(`{"sub":"svc"}`), keys["2"], alg, "2", "JWT")
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := Parse(token)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := Verify(parsed, keys, Options{Alg: alg}); err != nil || !v.Valid || v.Kid != "2" {
			t.Errorf("%s round trip: %+v, %v", alg, v, err)
		}
		// Tampering with the payload breaks the signature.
		parts := strings.Split(token, ".")
		tampered, _ := Parse(parts[0] + "." + b64.EncodeToString([]byte(`{"sub":"admin"}`)) + "." + parts[2])
		if v, _ := Verify(tampered, keys, Options{Alg: alg}); v.Valid {
			t.Errorf("%s: a tampered payload verifies", alg)
		}
	}
	none := b64.EncodeToString([]byte(`{"alg":"none"}`)) + "." + b64.EncodeToString([]byte(`{}`)) + "."
	parsed, err := Parse(none)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := Verify(parsed, keys, Options{Alg: "HS256"}); v.Valid {
		t.Error("alg none verifies")
	}
	token, _ := Sign([]byte(`{}`), keys["3"], "HS256", "9", "JWT")
	parsed, _ = Parse(token)
	if v, err := Verify(parsed, keys, Options{Alg: "HS256"}); err != nil || v.Valid || v.Reason != `kid "9" is not in keys` {
		t.Errorf("a token by a key not in the set verifies as %+v, %v; want invalid, saying why", v, err)
	}
	for _, bad := range []string{"", "a.b", "a.b.c.d", "!!.e30.", "e30.!!.", "bm90IGpzb24.e30."} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted a malformed token", bad)
		}
	}
}

func FuzzParseJWS(f *testing.F) {
	f.Add(rfc7515Token)
	f.Fuzz(func(t *testing.T, token string) {
		parsed, err := Parse(token)
		if err != nil {
			return
		}
		_, _ = Verify(parsed, map[string][]byte{"k": []byte("key")}, Options{Alg: "HS256", Now: time.Unix(0, 0)})
	})
}

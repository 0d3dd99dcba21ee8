// Package jws signs and verifies HMACs and compact JWS tokens as the Layeron
// runtime does, for the provider-defined functions. Nothing here reads a
// clock, the network or state.
package jws

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strings"
	"time"
)

// Hash maps an algorithm name to its hash: HS256/HS384/HS512 or
// sha256/sha384/sha512, in any case.
func Hash(algorithm string) (func() hash.Hash, string, error) {
	switch strings.ToUpper(algorithm) {
	case "HS256", "SHA256", "SHA-256":
		return sha256.New, "HS256", nil
	case "HS384", "SHA384", "SHA-384":
		return sha512.New384, "HS384", nil
	case "HS512", "SHA512", "SHA-512":
		return sha512.New, "HS512", nil
	}
	return nil, "", fmt.Errorf("algorithm %q is not supported; use HS256, HS384 or HS512 (or sha256, sha384, sha512)", algorithm)
}

// MAC is the HMAC of message under key.
func MAC(newHash func() hash.Hash, key, message []byte) []byte {
	m := hmac.New(newHash, key)
	m.Write(message)
	return m.Sum(nil)
}

var b64 = base64.RawURLEncoding

// Sign signs claims (a JSON object) into a compact JWS.
func Sign(claims []byte, key []byte, alg, kid, typ string) (string, error) {
	newHash, alg, err := Hash(alg)
	if err != nil {
		return "", err
	}
	header := map[string]string{"alg": alg}
	if typ != "" {
		header["typ"] = typ
	}
	if kid != "" {
		header["kid"] = kid
	}
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(claims)
	return input + "." + b64.EncodeToString(MAC(newHash, key, []byte(input))), nil
}

// Token is a parsed compact JWS.
type Token struct {
	header    map[string]any
	claims    map[string]any
	rawClaims []byte
	input     string
	signature []byte
}

// Claims is the token's payload as it was signed.
func (t *Token) Claims() []byte { return t.rawClaims }

var errMalformed = errors.New("malformed token")

// Parse splits a compact JWS and decodes its header and payload, which must
// be JSON objects; it checks no signature.
func Parse(token string) (*Token, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: a JWS has three dot-separated parts, this has %d", errMalformed, len(parts))
	}
	rawHeader, err := b64.DecodeString(parts[0])
	if err != nil {
		return nil, fmt.Errorf("%w: the header is not base64url", errMalformed)
	}
	rawClaims, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("%w: the payload is not base64url", errMalformed)
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil {
		return nil, fmt.Errorf("%w: the signature is not base64url", errMalformed)
	}
	t := &Token{rawClaims: rawClaims, input: parts[0] + "." + parts[1], signature: sig}
	if err := json.Unmarshal(rawHeader, &t.header); err != nil || t.header == nil {
		return nil, fmt.Errorf("%w: the header is not a JSON object", errMalformed)
	}
	if err := json.Unmarshal(rawClaims, &t.claims); err != nil || t.claims == nil {
		return nil, fmt.Errorf("%w: the payload is not a JSON object", errMalformed)
	}
	return t, nil
}

// Verification is the outcome of checking a token.
type Verification struct {
	Valid  bool
	Reason string
	Kid    string
	Alg    string
}

// Options pin what a token must satisfy.
type Options struct {
	Alg      string
	Now      time.Time // zero: exp and nbf are not checked
	Leeway   time.Duration
	Issuer   string
	Audience string
}

// Verify checks a parsed token against keys (kid → key). A bad signature,
// a substituted algorithm or an expired token make it invalid; only input
// the caller must fix is an error.
func Verify(t *Token, keys map[string][]byte, opts Options) (Verification, error) {
	newHash, pinned, err := Hash(opts.Alg)
	if err != nil {
		return Verification{}, err
	}
	alg, _ := t.header["alg"].(string)
	kid, _ := t.header["kid"].(string)
	v := Verification{Alg: alg, Kid: kid}
	if alg != pinned {
		v.Reason = fmt.Sprintf("the token's algorithm %q is not the pinned %s", alg, pinned)
		return v, nil
	}
	var candidates [][]byte
	if kid != "" {
		key, ok := keys[kid]
		if !ok {
			// A key retired by rotation, or never issued: either way the
			// token does not verify against the keys in use.
			v.Reason = fmt.Sprintf("kid %q is not in keys", kid)
			return v, nil
		}
		candidates = [][]byte{key}
	} else {
		for _, key := range keys {
			candidates = append(candidates, key)
		}
	}
	matched := false
	for _, key := range candidates {
		// Every candidate is checked, in constant time, whatever matched.
		if hmac.Equal(MAC(newHash, key, []byte(t.input)), t.signature) {
			matched = true
		}
	}
	if !matched {
		v.Reason = "the signature does not match"
		return v, nil
	}
	if !opts.Now.IsZero() {
		if exp, ok := numericDate(t.claims["exp"]); ok && !opts.Now.Before(exp.Add(opts.Leeway)) {
			v.Reason = "the token expired at " + exp.UTC().Format(time.RFC3339)
			return v, nil
		}
		if nbf, ok := numericDate(t.claims["nbf"]); ok && opts.Now.Add(opts.Leeway).Before(nbf) {
			v.Reason = "the token is not valid before " + nbf.UTC().Format(time.RFC3339)
			return v, nil
		}
	}
	if opts.Issuer != "" && t.claims["iss"] != opts.Issuer {
		v.Reason = fmt.Sprintf("the issuer is not %q", opts.Issuer)
		return v, nil
	}
	if opts.Audience != "" && !hasAudience(t.claims["aud"], opts.Audience) {
		v.Reason = fmt.Sprintf("the audience does not include %q", opts.Audience)
		return v, nil
	}
	v.Valid = true
	return v, nil
}

func numericDate(v any) (time.Time, bool) {
	f, ok := v.(float64)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}

func hasAudience(aud any, want string) bool {
	switch a := aud.(type) {
	case string:
		return a == want
	case []any:
		for _, x := range a {
			if x == want {
				return true
			}
		}
	}
	return false
}

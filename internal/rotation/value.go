package rotation

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Byte counts a random value may take.
const (
	MinRandomBytes = 16
	MaxRandomBytes = 4096
)

// RandomValue returns n bytes from crypto/rand as base64url text.
func RandomValue(n int) (string, error) {
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("reading %d random bytes failed: %w", n, err)
	}
	return base64.RawURLEncoding.EncodeToString(buf), nil
}

// NewToken returns a random holder or rotation token.
func NewToken() (string, error) {
	b := make([]byte, versions.TokenLength/2)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes for a token failed: %w", err)
	}
	return hex.EncodeToString(b), nil
}

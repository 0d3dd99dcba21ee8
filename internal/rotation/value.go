package rotation

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Byte counts a random value may take.
const (
	MinRandomBytes = 16
	MaxRandomBytes = 4096
)

// ErrNotRandom is a random rotation asked of a secret whose values do not
// come from crypto/rand: a static or a generated one.
var ErrNotRandom = errors.New("the secret is not random")

// notRandom says what writes the values of a secret that is not random.
type notRandom struct{ msg string }

func (e notRandom) Error() string        { return e.msg }
func (e notRandom) Is(target error) bool { return target == ErrNotRandom }

// RandomBytes returns how many random bytes the next value of the family's
// current secret takes: what its comment declares, or versions.DefaultRandomBytes.
// A static or a generated secret is refused with an error that wraps
// ErrNotRandom and says what writes its values; a declared length out of
// range, with an error that says how to write the comment again.
func RandomBytes(account string, family versions.Family) (int, error) {
	meta := family.Current.Meta
	id := family.ID()
	switch meta.Kind {
	case versions.KindStatic:
		return 0, notRandom{fmt.Sprintf("secret %s in account %s is a static secret: its values come from its Terraform configuration, so no random value is made for it. "+
			"Rotate it there, with a new value_wo and value_wo_version, or a new value", id, account)}
	case versions.KindGenerated:
		return 0, notRandom{fmt.Sprintf("secret %s in account %s is a generated secret: its values are made outside Terraform, so no random value is made for it. "+
			"Write its next version with: layeron secret put %s", id, account, id)}
	}
	bytes := meta.Bytes
	if bytes == 0 {
		bytes = versions.DefaultRandomBytes
	}
	if bytes < MinRandomBytes || bytes > MaxRandomBytes {
		return 0, fmt.Errorf("store secret %q of account %s declares %d random bytes, outside %d to %d, so secret %s is not rotated. "+
			"Run terraform apply (or tofu apply) on the secret's configuration to write its comment again",
			family.Current.Name, account, bytes, MinRandomBytes, MaxRandomBytes, id)
	}
	return bytes, nil
}

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

package versions

import "time"

// The defaults and normal forms of a secret's declaration, which the
// resource, the actions and the CLI all fill in the same way.
const (
	// DefaultRandomBytes is the length of a random secret that declares
	// none: what the configuration gets when it omits bytes, and what a
	// rotation from outside Terraform makes for a comment that carries no
	// bytes, so that both make values of the same length.
	DefaultRandomBytes = 32
	// DefaultFormat is the value_format of a secret that declares none.
	DefaultFormat = "text"
	// DefaultScope is the one scope of a secret that declares none.
	DefaultScope = "workers"
)

// ValueFormats are the value formats a secret may declare.
var ValueFormats = []string{DefaultFormat, "json", "kv"}

// Instant is t as the store's metadata keeps instants: in UTC, to the
// second.
func Instant(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// SecretID is the id a user names a secret by, "<namespace>/<name>";
// ParseID reads it back.
func SecretID(namespace, name string) string { return namespace + "/" + name }

// ID is the family's secret id.
func (f Family) ID() string { return SecretID(f.Namespace, f.Name) }

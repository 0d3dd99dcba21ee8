// Package settings holds what the provider and the CLI read alike: the
// environment variables that configure the store client, and the checks on
// the values they take.
package settings

import (
	"fmt"
	"net/url"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/client"
)

// Environment variables read when an attribute or a flag is not set. They
// are names, not credentials.
//
//nolint:gosec // G101 mistakes the variable names for credentials.
const (
	EnvAPIToken       = "CLOUDFLARE_API_TOKEN"
	EnvAccountID      = "CLOUDFLARE_ACCOUNT_ID"
	EnvStoreID        = "LAYERON_STORE_ID"
	EnvBaseURL        = "CLOUDFLARE_BASE_URL"
	EnvNamespace      = "LAYERON_NAMESPACE"
	EnvMaxRetries     = "LAYERON_MAX_RETRIES"
	EnvRequestTimeout = "LAYERON_REQUEST_TIMEOUT"
)

// DefaultNamespace is the namespace of a secret that names none.
const DefaultNamespace = "default"

// Bounds of the client's retries and request timeout.
const (
	DefaultMaxRetries = 4
	MaxMaxRetries     = 20
	MinRequestTimeout = time.Second
	MaxRequestTimeout = 10 * time.Minute
)

// IDPattern is the form of a Cloudflare account or store id: 32
// lowercase hexadecimal characters.
var IDPattern = client.IDPattern

// ValidID reports whether id has the form of a Cloudflare account or store
// id.
func ValidID(id string) bool { return IDPattern.MatchString(id) }

// CheckBaseURL says what is wrong with an API base URL, if anything.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("must be an absolute http or https URL such as %s", client.DefaultBaseURL)
	}
	if u.User != nil {
		return fmt.Errorf("must not carry credentials (user:password@): the API token goes in api_token")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("must not have a query or a fragment")
	}
	return nil
}

// ShownURL is a base URL as a message may show it: a token may have been
// put anywhere in it, so the user, password, query and fragment are masked
// whole, and only the scheme, host and path are shown.
func ShownURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(not a URL)"
	}
	shown := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}
	if u.User != nil {
		shown.User = url.User("xxxxx")
	}
	if u.RawQuery != "" {
		shown.RawQuery = "xxxxx"
	}
	if u.Fragment != "" {
		shown.Fragment = "xxxxx"
	}
	return shown.String()
}

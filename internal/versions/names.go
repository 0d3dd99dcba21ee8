// Package versions maps Layeron secrets and their versions onto a Cloudflare
// Secrets Store, which has neither: store names, the metadata codec kept in
// each store secret's comment, the rotation schedule and version selection.
// It is pure: nothing here calls the API.
package versions

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

const (
	// MaxNameLength is the longest secret name accepted.
	MaxNameLength = 128
	// MaxNamespaceLength is the longest namespace accepted.
	MaxNamespaceLength = 63
	// MaxValueBytes is the largest value the Secrets Store accepts.
	MaxValueBytes = 65536

	separator     = "--"
	versionPrefix = "v"
)

// A single "-" may join words; "--" is reserved as the separator between the
// namespace, the name and the version suffix of a store secret name.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9_]+(-[A-Za-z0-9_]+)*$`)

// ValidateName reports why name cannot be a Layeron secret name, or nil.
func ValidateName(name string) error {
	return validateIdentifier(name, MaxNameLength)
}

// ValidateNamespace reports why ns cannot be a Layeron namespace, or nil.
func ValidateNamespace(ns string) error {
	return validateIdentifier(ns, MaxNamespaceLength)
}

func validateIdentifier(s string, maxLen int) error {
	switch {
	case s == "":
		return fmt.Errorf("must not be empty")
	case len(s) > maxLen:
		return fmt.Errorf("is %d characters long, the maximum is %d", len(s), maxLen)
	case strings.Contains(s, separator):
		return fmt.Errorf("must not contain %q, which separates namespace, name and version in the store", separator)
	case !namePattern.MatchString(s):
		return fmt.Errorf("may contain only letters, digits and underscores, joined by single dashes that neither start nor end it")
	}
	return nil
}

// CurrentName is the stable store secret name holding the current value of
// namespace/name: the name Workers bind to.
func CurrentName(namespace, name string) string {
	return namespace + separator + name
}

// CopyName is the store secret name of retained version v of namespace/name.
func CopyName(namespace, name string, v int) string {
	return CurrentName(namespace, name) + separator + versionPrefix + strconv.Itoa(v)
}

// ParseStoreName splits a store secret name into its namespace, name and, for
// a retained copy, version number (0 for the current secret). ok is false for
// names that do not follow the Layeron layout.
func ParseStoreName(storeName string) (namespace, name string, version int, ok bool) {
	parts := strings.Split(storeName, separator)
	if len(parts) < 2 || len(parts) > 3 {
		return "", "", 0, false
	}
	if ValidateNamespace(parts[0]) != nil || ValidateName(parts[1]) != nil {
		return "", "", 0, false
	}
	if len(parts) == 2 {
		return parts[0], parts[1], 0, true
	}
	suffix, found := strings.CutPrefix(parts[2], versionPrefix)
	if !found {
		return "", "", 0, false
	}
	v, err := strconv.Atoi(suffix)
	if err != nil || v < 1 || strconv.Itoa(v) != suffix {
		return "", "", 0, false
	}
	return parts[0], parts[1], v, true
}

// ParseID splits a Layeron secret id, "<namespace>/<name>" or a bare
// "<name>" in defaultNamespace, as import takes it.
func ParseID(id, defaultNamespace string) (namespace, name string, err error) {
	namespace, name, found := strings.Cut(id, "/")
	if !found {
		namespace, name = defaultNamespace, id
	}
	if err := ValidateNamespace(namespace); err != nil {
		return "", "", fmt.Errorf("the namespace %w", err)
	}
	if err := ValidateName(name); err != nil {
		return "", "", fmt.Errorf("the name %w", err)
	}
	return namespace, name, nil
}

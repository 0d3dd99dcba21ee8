package versions

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Marker opens every comment written by Layeron; the digit is the format
// version, so a later format can be told apart from this one.
const Marker = "layeron:1"

// Retention modes.
const (
	RetainNone    = "none"
	RetainFor     = "retain_for"
	RetainForever = "retain_forever"
)

// Kinds of secret.
const (
	KindStatic    = "static"
	KindRandom    = "random"
	KindGenerated = "generated"
)

// MaxDays bounds rotation and retention periods: a century, far below the
// 106,751 days past which a time.Duration overflows, so that period
// arithmetic stays exact.
const MaxDays = 36500

// javaScriptIdentifier is what a Worker binding name may be.
var javaScriptIdentifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// What a comment's fields may hold.
var (
	kinds          = []string{KindStatic, KindRandom, KindGenerated}
	retainModes    = []string{RetainNone, RetainFor, RetainForever}
	exposeSettings = []string{"current", "versioned"}
)

// Meta is the Layeron metadata kept in a store secret's comment. The current
// secret also carries the declaration, so that an import can rebuild the
// configuration it came from; a retained copy carries its retirement.
type Meta struct {
	Namespace string
	Name      string
	Kind      string
	Version   int
	From      time.Time

	// Set on retained copies only.
	Retired      bool
	Until        time.Time
	Expires      time.Time
	ExpiresNever bool

	// The declaration, on the current secret only. Zero values are omitted.
	Bytes         int
	Format        string
	EveryDays     int
	StartAt       string
	RetainMode    string
	RetainDays    int
	Address       string
	Expose        string
	OwnerProduct  string
	OwnerInstance string
	Purpose       string
	// Triggers is a digest of rotation_triggers and WOVersion the
	// value_wo_version of the version: with them a retried apply can tell
	// that the rotation it asks for already happened.
	Triggers  string
	WOVersion string

	// Holder, on the current secret, is the token of the configuration that
	// holds the secret; MadeBy, on a retained copy, is the token of the
	// rotation that made it. Both are random, never derived from a value.
	Holder string
	MadeBy string
}

// ErrNoMarker means the comment was not written by Layeron.
var ErrNoMarker = errors.New("comment has no Layeron marker")

// HasMarker reports whether comment was written by Layeron, even if damaged.
func HasMarker(comment string) bool {
	return comment == Marker || strings.HasPrefix(comment, Marker+" ")
}

// Encode renders m as a compact comment. The comment itself is always
// printable ASCII; a free-text field holding a control character or
// invalid UTF-8 would still be written, escaped, but Decode refuses it, so
// callers validate those fields first (ValidateText).
func Encode(m Meta) string {
	var b strings.Builder
	b.WriteString(Marker)
	put := func(key, value string) {
		if value == "" {
			return
		}
		b.WriteByte(' ')
		b.WriteString(key)
		b.WriteByte('=')
		b.WriteString(escape(value))
	}
	putInt := func(key string, v int) {
		if v != 0 {
			put(key, strconv.Itoa(v))
		}
	}
	put("ns", m.Namespace)
	put("name", m.Name)
	put("kind", m.Kind)
	put("v", strconv.Itoa(m.Version))
	put("from", formatTime(m.From))
	if m.Retired {
		put("until", formatTime(m.Until))
		if m.ExpiresNever {
			put("exp", "never")
		} else {
			put("exp", formatTime(m.Expires))
		}
	}
	putInt("bytes", m.Bytes)
	put("fmt", m.Format)
	putInt("every", m.EveryDays)
	put("start", m.StartAt)
	put("retain", m.RetainMode)
	putInt("days", m.RetainDays)
	put("addr", m.Address)
	put("expose", m.Expose)
	put("owner", m.OwnerProduct)
	put("inst", m.OwnerInstance)
	put("purpose", m.Purpose)
	put("trg", m.Triggers)
	put("wov", m.WOVersion)
	put("held", m.Holder)
	put("by", m.MadeBy)
	return b.String()
}

// Decode parses a comment written by Encode. It returns ErrNoMarker for a
// comment Layeron did not write, and a descriptive error for a damaged one.
//
// A comment can be edited by hand in the dashboard, and what Decode returns
// ends up in diagnostics, terminal output and state. So a comment holding
// a control character or invalid UTF-8, raw or percent-escaped, is refused
// as damaged, and the error never quotes the offending text.
func Decode(comment string) (Meta, error) {
	var m Meta
	if !HasMarker(comment) {
		return m, ErrNoMarker
	}
	// Checked before the comment is split, so that no error below can quote
	// a control character or a broken byte: every field and key is then
	// printable text.
	if err := ValidateText(comment); err != nil {
		return m, fmt.Errorf("comment %w", err)
	}
	seen := map[string]bool{}
	for _, field := range strings.Fields(strings.TrimPrefix(comment, Marker)) {
		key, raw, ok := strings.Cut(field, "=")
		if !ok {
			return m, fmt.Errorf("field %q has no value", field)
		}
		if seen[key] {
			return m, fmt.Errorf("field %q appears twice", key)
		}
		seen[key] = true
		value, err := unescape(raw)
		if err != nil {
			return m, fmt.Errorf("field %q: %w", key, err)
		}
		// An escape such as %1B would otherwise smuggle in what the raw
		// check refused. Fields this revision ignores are held to it too:
		// the rule is part of format 1.
		if err := ValidateText(value); err != nil {
			return m, fmt.Errorf("field %q %w", key, err)
		}
		if err := m.set(key, value); err != nil {
			return m, fmt.Errorf("field %q: %w", key, err)
		}
	}
	for _, key := range []string{"ns", "name", "kind", "v", "from"} {
		if !seen[key] {
			return m, fmt.Errorf("field %q is missing", key)
		}
	}
	if seen["until"] != seen["exp"] {
		return m, errors.New(`fields "until" and "exp" must appear together`)
	}
	if m.Retired && (m.Until.Before(m.From) || (!m.ExpiresNever && m.Expires.Before(m.Until))) {
		return m, errors.New(`times must follow each other: "from", then "until", then "exp"`)
	}
	return m, nil
}

// ValidateText reports why s cannot be held in a comment, or nil: it must
// be valid UTF-8 without control characters (unicode.IsControl: C0, DEL
// and C1, so also TAB, CR and LF). Free-text fields (owner, inst, purpose,
// wov) must pass it before Encode, or Decode refuses what Encode wrote.
// The error names the position and code point, never the text.
func ValidateText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	for i, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("holds control character U+%04X (byte %d)", r, i)
		}
	}
	return nil
}

// oneOf returns value when it is one of allowed.
func oneOf(value string, allowed []string) (string, error) {
	if !slices.Contains(allowed, value) {
		return "", fmt.Errorf("%q is not one of %s", value, strings.Join(allowed, ", "))
	}
	return value, nil
}

// days parses a period in days, from 1 to MaxDays.
func days(s string) (int, error) {
	n, err := positiveInt(s)
	if err != nil || n > MaxDays {
		return 0, fmt.Errorf("%q is not a number of days from 1 to %d", s, MaxDays)
	}
	return n, nil
}

func (m *Meta) set(key, value string) error {
	var err error
	switch key {
	case "ns":
		m.Namespace, err = value, ValidateNamespace(value)
	case "name":
		m.Name, err = value, ValidateName(value)
	case "kind":
		m.Kind, err = oneOf(value, kinds)
	case "v":
		m.Version, err = positiveInt(value)
	case "from":
		m.From, err = parseTime(value)
	case "until":
		m.Retired = true
		m.Until, err = parseTime(value)
	case "exp":
		if value == "never" {
			m.ExpiresNever = true
		} else {
			m.Expires, err = parseTime(value)
		}
	case "bytes":
		m.Bytes, err = positiveInt(value)
	case "fmt":
		m.Format, err = oneOf(value, ValueFormats)
	case "every":
		m.EveryDays, err = days(value)
	case "start":
		if _, err = parseTime(value); err == nil {
			m.StartAt = value
		}
	case "retain":
		m.RetainMode, err = oneOf(value, retainModes)
	case "days":
		m.RetainDays, err = days(value)
	case "addr":
		if !javaScriptIdentifier.MatchString(value) {
			err = fmt.Errorf("%q is not a JavaScript identifier", value)
		}
		m.Address = value
	case "expose":
		m.Expose, err = oneOf(value, exposeSettings)
	case "owner":
		m.OwnerProduct = value
	case "inst":
		m.OwnerInstance = value
	case "purpose":
		m.Purpose = value
	case "trg":
		m.Triggers = value
	case "wov":
		m.WOVersion = value
	case "held":
		m.Holder, err = token(value)
	case "by":
		m.MadeBy, err = token(value)
	default:
		// Fields from a newer minor revision are ignored so that an older
		// provider can still read and keep the versions it understands.
	}
	return err
}

// TokenLength is the length of a holder or rotation token: 16 lowercase
// hexadecimal digits.
const TokenLength = 16

var (
	tokenPattern  = regexp.MustCompile(`^[0-9a-f]{16}$`)
	holderPattern = regexp.MustCompile(`(?:^| )held=([0-9a-f]{16})(?: |$)`)
)

// HolderIn returns the holder a comment names, even one too damaged to
// decode.
func HolderIn(comment string) string {
	if m := holderPattern.FindStringSubmatch(comment); m != nil && HasMarker(comment) {
		return m[1]
	}
	return ""
}

func token(s string) (string, error) {
	if !tokenPattern.MatchString(s) {
		return "", fmt.Errorf("%q is not %d lowercase hexadecimal digits", s, TokenLength)
	}
	return s, nil
}

func positiveInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1<<30 {
		return 0, fmt.Errorf("%q is not a positive integer", s)
	}
	return n, nil
}

func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC3339 timestamp", s)
	}
	return t.UTC(), nil
}

// escape percent-encodes every byte that could break the space-separated
// key=value layout, keeping common characters readable in the dashboard.
// What it writes is printable ASCII whatever s holds, so a comment Encode
// writes passes Decode's check of the raw text; the check of the unescaped
// value is the caller's to meet (ValidateText).
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:~+/@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

func unescape(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", errors.New("truncated percent escape")
		}
		n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", fmt.Errorf("bad percent escape %q", s[i:i+3])
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}

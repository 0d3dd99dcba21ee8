package versions

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// These checks are written out again rather than calling ValidateText, so
// that a bug in ValidateText cannot hide itself.

// unsafeTextIn names what in s must not reach a diagnostic or the
// terminal, or returns "".
func unsafeTextIn(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("control character U+%04X", r)
		}
	}
	return ""
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// textFields returns every string field of m by name. Reflection keeps a
// field added to Meta later under the fuzzer's check without anyone
// remembering to list it here.
func textFields(m Meta) map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(m)
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).Kind() == reflect.String {
			out[v.Type().Field(i).Name] = v.Field(i).String()
		}
	}
	return out
}

const textBase = "layeron:1 ns=a name=b kind=static v=1 from=2026-11-26T04:00:00Z"

// What a hand edit in the dashboard, or a hostile one, may put in a comment
// to rewrite a terminal or a diagnostic.
var badText = []struct {
	name string
	text string
}{
	{"ANSI escape sequence", "\x1b[31m"},
	{"bare CR", "\r"},
	{"LF", "\n"},
	{"TAB", "\t"},
	{"NUL", "\x00"},
	{"DEL", "\x7f"},
	{"C1 control CSI", "\u009b"},
	{"C1 control NEL", "\u0085"},
	{"invalid UTF-8", "\xff\xfe"},
	{"truncated UTF-8", "\xe2\x98"},
	{"UTF-16 surrogate", "\xed\xa0\x80"},
}

func TestDecodeRefusesControlText(t *testing.T) {
	t.Parallel()
	for _, bad := range badText {
		// Each field where the text would land: a free-text one that
		// otherwise takes anything, the validated ones, a token, and a
		// field of a newer revision, whose value is ignored.
		for _, field := range []string{"purpose", "owner", "inst", "wov", "ns", "name", "kind", "addr", "held", "newer"} {
			for _, form := range []struct {
				name    string
				comment string
			}{
				{"raw", commentWith(field, "ok"+bad.text+"ok")},
				{"escaped", commentWith(field, escape("ok"+bad.text+"ok"))},
				{"raw in the key", textBase + " " + field + bad.text + "=ok"},
			} {
				t.Run(bad.name+"/"+field+"/"+form.name, func(t *testing.T) {
					t.Parallel()
					m, err := Decode(form.comment)
					if err == nil {
						// %q, not %+v: the log is a terminal too.
						t.Fatalf("Decode(%q) accepted it: %q", form.comment, textFields(m))
					}
					if errors.Is(err, ErrNoMarker) {
						t.Fatalf("Decode(%q) took a damaged Layeron comment for a foreign one", form.comment)
					}
					msg := err.Error()
					if strings.Contains(msg, bad.text) {
						t.Errorf("the error quotes the raw text: %q", msg)
					}
					if what := unsafeTextIn(msg); what != "" {
						t.Errorf("the error holds %s: %q", what, msg)
					}
				})
			}
		}
	}
}

// commentWith is textBase with field set to the already escaped value:
// replaced where textBase has it, so that the refusal is not for a
// duplicate, and appended otherwise.
func commentWith(field, value string) string {
	fields := strings.Split(textBase, " ")
	for i, f := range fields {
		if strings.HasPrefix(f, field+"=") {
			fields[i] = field + "=" + value
			return strings.Join(fields, " ")
		}
	}
	return textBase + " " + field + "=" + value
}

// The refusal is for the control character, not for some other damage the
// table happened to make: the same comment with a plain value decodes.
func TestDecodeControlTextIsTheOnlyDamage(t *testing.T) {
	t.Parallel()
	for _, field := range []string{"purpose", "owner", "inst", "wov"} {
		plain := commentWith(field, escape("ok ok"))
		if _, err := Decode(plain); err != nil {
			t.Fatalf("Decode(%q): %v", plain, err)
		}
		for _, bad := range badText {
			if _, err := Decode(commentWith(field, escape("ok"+bad.text+"ok"))); err == nil {
				t.Errorf("%s escaped in %s was accepted", bad.name, field)
			}
		}
	}
}

func TestDecodeControlTextErrors(t *testing.T) {
	t.Parallel()
	for comment, want := range map[string]string{
		textBase + " purpose=a\x1b[31mb":       `comment holds control character U+001B (byte`,
		textBase + " purpose=a%1B%5B31mb":      `field "purpose" holds control character U+001B (byte 1)`,
		textBase + " owner=%C2%9B":             `field "owner" holds control character U+009B (byte 0)`,
		textBase + " inst=%FF":                 `field "inst" is not valid UTF-8`,
		textBase + " purpose=\xff":             `comment is not valid UTF-8`,
		"layeron:1 ns=a\rname=b":               `comment holds control character U+000D (byte 14)`,
		textBase + " purpose=%E2%80%AEevil%00": `field "purpose" holds control character U+0000 (byte 7)`,
	} {
		_, err := Decode(comment)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%q) = %v, want %q", comment, err, want)
		}
	}
	// A foreign comment stays foreign, whatever it holds: it is not ours to
	// call damaged, and nothing of it is read.
	for _, foreign := range []string{"made by hand \x1b[31m", "layeron:1\x1b[31m", "layeron:1\tns=a", "\xff"} {
		if _, err := Decode(foreign); !errors.Is(err, ErrNoMarker) {
			t.Errorf("Decode(%q) = %v, want ErrNoMarker", foreign, err)
		}
	}
}

// Escapes decode once: an escaped percent sign stays a percent sign, and
// cannot be made into a second escape that hides a control character.
func TestDecodeEscapesOnce(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"%251B":     "%1B",
		"%25%31B":   "%1B",
		"%2525":     "%25",
		"caf%C3%A9": "café",
		"%ef%bf%bd": "\ufffd",
	} {
		m, err := Decode(textBase + " purpose=" + raw)
		if err != nil || m.Purpose != want {
			t.Errorf("purpose=%s decoded to %q, %v; want %q", raw, m.Purpose, err, want)
		}
	}
}

func TestEncodeWritesPrintableASCII(t *testing.T) {
	t.Parallel()
	var every strings.Builder
	for b := 0; b < 256; b++ {
		every.WriteByte(byte(b))
	}
	values := []string{every.String(), "café ☕", "\u009b\u0085\u2028\u202e", "100% = yes"}
	for _, bad := range badText {
		values = append(values, bad.text)
	}
	for _, v := range values {
		m := Meta{Namespace: "a", Name: "b", Kind: KindStatic, Version: 1, OwnerProduct: v, OwnerInstance: v, Purpose: v, WOVersion: v, Triggers: v}
		if comment := Encode(m); !printableASCII(comment) {
			t.Errorf("Encode of %q wrote %q", v, comment)
		}
	}
}

// Every value Encode is meant to hold comes back as it went in; one that
// ValidateText refuses makes a comment Decode refuses, never a different
// value.
func TestCodecRoundTripText(t *testing.T) {
	t.Parallel()
	from := ts("2026-01-01T00:00:00Z")
	for _, v := range []string{
		"billing = 100% of it", "café ☕", `"quoted" 'and' \back\slashed`, "%1B", "\ufffd", "\u202eRTL override", "\u00a0non-breaking", "a  b", " lead and trail ",
	} {
		if err := ValidateText(v); err != nil {
			t.Fatalf("ValidateText(%q) = %v", v, err)
		}
		m := Meta{Namespace: "a", Name: "b", Kind: KindStatic, Version: 1, From: from, OwnerProduct: v, OwnerInstance: v, Purpose: v, WOVersion: v}
		got, err := Decode(Encode(m))
		if err != nil || got != m {
			t.Errorf("round trip of %q: %+v, %v", v, got, err)
		}
	}
	for _, bad := range badText {
		if ValidateText("ok"+bad.text) == nil {
			t.Errorf("ValidateText accepted %s", bad.name)
		}
		m := Meta{Namespace: "a", Name: "b", Kind: KindStatic, Version: 1, From: from, Purpose: "ok" + bad.text}
		if got, err := Decode(Encode(m)); err == nil {
			t.Errorf("%s in purpose was written and read back as %q", bad.name, got.Purpose)
		}
	}
}

// Whatever free text a configuration gives, Encode and Decode agree: it
// comes back unchanged exactly when ValidateText accepts it, and anything
// that comes back is safe to print.
func FuzzEncodeText(f *testing.F) {
	f.Add("billing", "shop", "i-1", "2")
	f.Add("a\nb", "\x1b[31m", "\xff", "\u009b")
	f.Add("100% = yes", "café", "%1B", "\ufffd")
	from := ts("2026-01-01T00:00:00Z")
	f.Fuzz(func(t *testing.T, purpose, owner, inst, wov string) {
		m := Meta{Namespace: "a", Name: "b", Kind: KindStatic, Version: 1, From: from, Purpose: purpose, OwnerProduct: owner, OwnerInstance: inst, WOVersion: wov}
		comment := Encode(m)
		if !printableASCII(comment) {
			t.Fatalf("Encode wrote more than printable ASCII: %q", comment)
		}
		valid := ValidateText(purpose) == nil && ValidateText(owner) == nil && ValidateText(inst) == nil && ValidateText(wov) == nil
		got, err := Decode(comment)
		if valid != (err == nil) {
			t.Fatalf("valid=%v but Decode(%q) = %v", valid, comment, err)
		}
		if err != nil {
			return
		}
		if got != m {
			t.Fatalf("round trip changed %+v into %+v", m, got)
		}
		for field, value := range textFields(got) {
			if bad := unsafeTextIn(value); bad != "" {
				t.Fatalf("%s came back with %s: %q", field, bad, value)
			}
		}
	})
}

func TestValidateText(t *testing.T) {
	t.Parallel()
	for s, ok := range map[string]bool{
		"": true, "plain": true, "café ☕": true, "\ufffd": true, "a b": true, "\u00a0": true,
		"\x00": false, "\t": false, "\n": false, "\r": false, "\x1b": false, "\x7f": false,
		"\u0080": false, "\u009b": false, "\u009f": false, "\xff": false, "\xc0\x80": false, "\xed\xa0\x80": false,
	} {
		err := ValidateText(s)
		if (err == nil) != ok {
			t.Errorf("ValidateText(%q) = %v, want ok=%v", s, err, ok)
		}
		if err != nil && unsafeTextIn(err.Error()) != "" {
			t.Errorf("ValidateText(%q) error holds unsafe text: %q", s, err)
		}
	}
}

package listresources

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// terraform query prints the display name on the terminal: whatever a hand
// edit put in the store, none carries a control character or a broken
// byte, and a secret whose comment holds one is not listed at all.
func TestDisplayNameIsSafeText(t *testing.T) {
	t.Parallel()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	current := func(name, comment string) versions.StoreSecret {
		return versions.StoreSecret{ID: name, Name: versions.CurrentName("shop", name), Comment: comment}
	}
	meta := func(name string) string {
		return versions.Encode(versions.Meta{Namespace: "shop", Name: name, Kind: versions.KindRandom, Version: 3, From: from, Purpose: "café ☕"})
	}
	listing := []versions.StoreSecret{
		current("good", meta("good")),
		// Store names outside the Layeron layout are never parsed into
		// a namespace or a name.
		{ID: "n1", Name: "shop--es\x1b[31mc", Comment: meta("good")},
		{ID: "n2", Name: "shop--c1\u009bx", Comment: meta("good")},
		{ID: "n3", Name: "shop--bad\xff", Comment: meta("good")},
		// Comments holding control text, raw or escaped, are damaged.
		current("raw", meta("raw")+" purpose=\x1b]0;owned\x07"),
		current("escaped", strings.Replace(meta("escaped"), "purpose=", "purpose=%1B%5B2J", 1)),
		current("cr", meta("cr")+" owner=ops\r"),
		current("utf8", meta("utf8")+" owner=%FF"),
	}
	families := versions.Secrets(listing, "")
	if len(families) != 1 || families[0].Name != "good" {
		var names []string
		for _, f := range families {
			names = append(names, f.Namespace+"/"+f.Name)
		}
		t.Fatalf("listed %q, want only shop/good", names)
	}
	for _, f := range families {
		name := displayName(f)
		if name != "shop/good (random, version 3)" {
			t.Errorf("displayName = %q", name)
		}
		if !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
			t.Errorf("displayName holds unsafe text: %q", name)
		}
	}
}

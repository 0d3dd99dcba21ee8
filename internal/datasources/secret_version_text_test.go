package datasources

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// The Secret Not Found error lists what the namespace holds from the raw
// listing: a store name outside the Layeron layout never reaches it, so
// nothing a hand edit put in a name is printed.
func TestNamesInIsSafeText(t *testing.T) {
	t.Parallel()
	marked := versions.Marker + " broken"
	listing := []versions.StoreSecret{
		{Name: "shop--ok", Comment: marked},
		{Name: "shop--es\x1b[31mc", Comment: marked},
		{Name: "shop--c1\u009b", Comment: marked},
		{Name: "shop--cr\r", Comment: marked},
		{Name: "shop--nul\x00", Comment: marked},
		{Name: "shop--bad\xff", Comment: marked},
		{Name: "shop--ok2--v1", Comment: marked},
		{Name: "shop--foreign", Comment: "made by hand \x1b[2J"},
	}
	got := namesIn("shop", listing)
	if got != "ok" {
		t.Errorf("namesIn = %q, want %q", got, "ok")
	}
	if !utf8.ValidString(got) || strings.IndexFunc(got, unicode.IsControl) >= 0 {
		t.Errorf("namesIn holds unsafe text: %q", got)
	}
}

package settings

import (
	"strings"
	"testing"
)

// A token put anywhere in base_url never reaches a diagnostic.
func TestShownURLMasksCredentials(t *testing.T) {
	t.Parallel()
	const token = "tok3n-Secret_value"
	for raw, want := range map[string]string{
		"https://" + token + "@proxy.example.com/client/v4":                "https://xxxxx@proxy.example.com/client/v4",
		"https://proxy:" + token + "@proxy.example.com/client/v4":          "https://xxxxx@proxy.example.com/client/v4",
		"https://proxy.example.com/client/v4?token=" + token:               "https://proxy.example.com/client/v4?xxxxx",
		"https://proxy.example.com/client/v4#" + token:                     "https://proxy.example.com/client/v4#xxxxx",
		"http://127.0.0.1:8787/client/v4":                                  "http://127.0.0.1:8787/client/v4",
		"https://" + token + ":" + token + "@h/p?a=" + token + "#" + token: "https://xxxxx@h/p?xxxxx#xxxxx",
	} {
		got := ShownURL(raw)
		if strings.Contains(got, token) || got != want {
			t.Errorf("ShownURL(%q) = %q, want %q", raw, got, want)
		}
	}
}

package cli

import "testing"

// Text from the store reaches the terminal as it is only when it is
// printable and has no space or quote; otherwise quoted, escapes visible.
func TestShown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"shop/api", "shop/api"},
		{"shop--api--v2", "shop--api--v2"},
		{"", `""`},
		{"a\x1b[31mred", `"a\x1b[31mred"`},
		{"tab\there", `"tab\there"`},
		{"new\nline", `"new\nline"`},
		{"two words", `"two words"`},
		{"\xff\xfe", `"\xff\xfe"`},
		{"bidi\u202eevil", `"bidi\u202eevil"`},
		{`say "hi"`, `"say \"hi\""`},
	} {
		if got := shown(tc.in); got != tc.want {
			t.Errorf("shown(%q) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

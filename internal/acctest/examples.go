package acctest

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Example returns the documented example files, under examples/, joined.
func Example(t testing.TB, files ...string) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..", "examples")
	var b strings.Builder
	for _, f := range files {
		content, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(content)
		b.WriteString("\n")
	}
	return b.String()
}

// InNamespace moves an example from the documented namespace "shop" into
// the test's own.
func (e *Env) InNamespace(hcl string) string {
	return strings.NewReplacer(`"shop"`, `"`+e.Namespace+`"`, `"shop/`, `"`+e.Namespace+`/`).Replace(hcl)
}

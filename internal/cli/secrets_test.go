package cli_test

import (
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// putSecret writes the current store secret of a Layeron secret straight
// into the store, with the metadata meta (its namespace and name filled
// in), as an apply would have left it.
func putSecret(t *testing.T, e *acctest.Env, namespace, name, value string, meta versions.Meta) {
	t.Helper()
	meta.Namespace, meta.Name = namespace, name
	if meta.Version == 0 {
		meta.Version = 1
	}
	if meta.From.IsZero() {
		meta.From = e.Clock.Now().Add(-time.Hour)
	}
	e.Emulator.Put(e.AccountID, versions.CurrentName(namespace, name), value, versions.Encode(meta))
}

// putCopy writes the retained copy of version v of a Layeron secret,
// active from from and retired at until, kept forever.
func putCopy(t *testing.T, e *acctest.Env, namespace, name string, v int, value string, from, until time.Time) {
	t.Helper()
	meta := versions.Meta{Namespace: namespace, Name: name, Kind: versions.KindRandom, Version: v, From: from}
	e.Emulator.Put(e.AccountID, versions.CopyName(namespace, name, v), value,
		versions.Encode(versions.Retention{Mode: versions.RetainForever}.Retire(meta, until, "")))
}

// writes counts the requests that change the store.
func writes(e *acctest.Env) int {
	n := 0
	for _, route := range []string{"POST /secrets", "PATCH /secrets/{id}", "POST /secrets/{id}/duplicate", "DELETE /secrets/{id}", "DELETE /secrets"} {
		n += e.Emulator.Count(route)
	}
	return n
}

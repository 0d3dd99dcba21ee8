package acctest_test

import (
	"context"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

func TestSweepDeletesOnlyTestSecrets(t *testing.T) {
	t.Parallel()
	emu, url := emulator.Start(t, emulator.Options{Token: "t"})
	account := acctest.EmulatorAccount
	marked := func(ns, name string, v int) string {
		meta := versions.Meta{Namespace: ns, Name: name, Kind: "random", Version: 1, From: time.Now().UTC().Truncate(time.Second)}
		if v > 0 {
			meta.Version, meta.Retired, meta.Until, meta.ExpiresNever = v, true, meta.From, true
			emu.Put(account, versions.CopyName(ns, name, v), "x", versions.Encode(meta))
			return versions.CopyName(ns, name, v)
		}
		emu.Put(account, versions.CurrentName(ns, name), "x", versions.Encode(meta))
		return versions.CurrentName(ns, name)
	}
	marked("tfacc0011", "k", 0)
	marked("tfacc0011", "k", 1)
	keepProd := marked("prod", "k", 0)
	emu.Put(account, "tfacc0011--handmade", "x", "made by hand")

	c := client.New(client.Config{APIToken: "t", AccountID: account, BaseURL: url})
	n, err := acctest.Sweep(context.Background(), c)
	if err != nil || n != 2 {
		t.Fatalf("Sweep = %d, %v; want the 2 test secrets", n, err)
	}
	var left []string
	for _, s := range emu.Secrets(account) {
		left = append(left, s.Name)
	}
	if len(left) != 2 || left[0] != keepProd || left[1] != "tfacc0011--handmade" {
		t.Errorf("left %v: production and unmarked secrets must stay", left)
	}
}

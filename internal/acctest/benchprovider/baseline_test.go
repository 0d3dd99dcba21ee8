package main

import (
	"context"
	"testing"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Reading each secret costs one request per secret, kept until a write.
func TestFamilyReadingEachSecret(t *testing.T) {
	t.Parallel()
	emu, url := emulator.Start(t, emulator.Options{Token: "t"})
	c := newPerSecretStore(client.New(client.Config{APIToken: "t", AccountID: "0123456789abcdef0123456789abcdef", BaseURL: url}))
	ctx := context.Background()
	var made []versions.StoreSecret
	for _, name := range []string{"ns--a", "ns--a--v1", "ns--ab", "ns--b"} {
		created, err := c.Create(ctx, []client.NewSecret{{Name: name, Value: "v", Comment: "c", Scopes: []string{"workers"}}})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, created...)
	}
	emu.ResetCounters()
	for range 2 {
		for _, name := range []string{"a", "b"} {
			if _, err := c.Family(ctx, "ns", name); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := emu.Count("GET /secrets"); got != 2 {
		t.Errorf("two secrets read twice: %d requests, want 2", got)
	}
	if err := c.Delete(ctx, made[3:]); err != nil {
		t.Fatal(err)
	}
	if f, _ := c.Family(ctx, "ns", "b"); f.Current != nil || emu.Count("GET /secrets") != 3 {
		t.Errorf("a write must drop what was read: current %v after %d requests", f.Current, emu.Count("GET /secrets"))
	}
}

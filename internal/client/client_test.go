package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

const account = "0123456789abcdef0123456789abcdef"

func setup(t *testing.T, retries int) (*emulator.Server, *client.Client) {
	t.Helper()
	emu, url := emulator.Start(t, emulator.Options{Token: "t"})
	return emu, client.New(client.Config{APIToken: "t", AccountID: account, BaseURL: url, MaxRetries: retries, MaxRetryWait: 1500 * time.Millisecond})
}

func create(t *testing.T, c *client.Client, names ...string) []versions.StoreSecret {
	t.Helper()
	var in []client.NewSecret
	for _, n := range names {
		in = append(in, client.NewSecret{Name: n, Value: "v-" + n, Scopes: []string{"workers"}})
	}
	out, err := c.Create(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestListPagesAndCaches(t *testing.T) {
	emu, c := setup(t, 0)
	ctx := context.Background()
	var names []string
	for i := range 250 {
		names = append(names, fmt.Sprintf("s%03d", i))
	}
	emu.SetQuota(account, 300)
	create(t, c, names...)
	emu.ResetCounters()

	all, err := c.List(ctx)
	if err != nil || len(all) != 250 {
		t.Fatalf("List: %d, %v", len(all), err)
	}
	if n := emu.Count("GET /secrets"); n != 3 {
		t.Errorf("250 secrets take 3 pages of 100, got %d requests", n)
	}
	if _, err := c.List(ctx); err != nil || emu.Count("GET /secrets") != 3 {
		t.Errorf("a second List is served from the listing: %d requests", emu.Count("GET /secrets"))
	}
	// The provider's own write makes the next List read the store again.
	create(t, c, "new")
	all, _ = c.List(ctx)
	if len(all) != 251 || emu.Count("GET /secrets") != 6 {
		t.Errorf("after a write: %d secrets, %d list requests", len(all), emu.Count("GET /secrets"))
	}
}

func TestDeleteSendsIDsInOneRequest(t *testing.T) {
	emu, c := setup(t, 0)
	made := create(t, c, "a", "b", "c")
	emu.ResetCounters()
	if err := c.Delete(context.Background(), made[:2]); err != nil {
		t.Fatal(err)
	}
	if emu.Count("DELETE /secrets") != 1 || len(emu.Secrets(account)) != 1 {
		t.Errorf("bulk delete: %d requests, %d secrets left", emu.Count("DELETE /secrets"), len(emu.Secrets(account)))
	}
	if err := c.Delete(context.Background(), made[:1]); err != nil {
		t.Errorf("deleting what is already gone is not an error: %v", err)
	}
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	emu, c := setup(t, 3)
	emu.AddFault(emulator.Fault{Route: "GET /quota", Status: http.StatusTooManyRequests, RetryAfter: 1})
	emu.AddFault(emulator.Fault{Route: "GET /quota", Status: http.StatusServiceUnavailable})
	start := time.Now()
	if _, _, err := c.Quota(context.Background()); err != nil {
		t.Fatalf("a 429 then a 503 are retried: %v", err)
	}
	if elapsed := time.Since(start); elapsed < time.Second {
		t.Errorf("Retry-After: 1 was not honoured (%s)", elapsed)
	}
	if n := emu.Count("GET /quota"); n != 3 {
		t.Errorf("want 3 attempts, got %d", n)
	}
}

func TestRetryAfterIsBounded(t *testing.T) {
	emu, c := setup(t, 1)
	// The real API blocks for five minutes; the client waits at most
	// MaxRetryWait (1.5 s here) before its one retry.
	emu.AddFault(emulator.Fault{Route: "GET /quota", Status: http.StatusTooManyRequests, RetryAfter: 300, Times: 2})
	start := time.Now()
	_, _, err := c.Quota(context.Background())
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("waited %s", elapsed)
	}
	if err == nil || !strings.Contains(err.Error(), "HTTP 429") || !strings.Contains(err.Error(), account) {
		t.Errorf("after the retries, the error names the status and account: %v", err)
	}
}

func TestTypedErrorsNameTheSecret(t *testing.T) {
	emu, c := setup(t, 0)
	ctx := context.Background()
	create(t, c, "taken")
	_, err := c.Create(ctx, []client.NewSecret{{Name: "taken", Value: "super-secret-value", Scopes: []string{"workers"}}})
	if !errors.Is(err, client.ErrConflict) || !strings.Contains(err.Error(), `"taken"`) || !strings.Contains(err.Error(), account) {
		t.Errorf("conflict: %v", err)
	}
	if strings.Contains(err.Error(), "super-secret-value") {
		t.Error("an error carries the value")
	}
	_, err = c.Patch(ctx, "00000000000000000000000000000000", "gone", client.Patch{})
	if !errors.Is(err, client.ErrNotFound) {
		t.Errorf("not found: %v", err)
	}
	emu.SetQuota(account, 1)
	_, err = c.Create(ctx, []client.NewSecret{{Name: "more", Value: "x", Scopes: []string{"workers"}}})
	if !errors.Is(err, client.ErrQuota) {
		t.Errorf("quota: %v", err)
	}
}

func TestAuthError(t *testing.T) {
	_, url := emulator.Start(t, emulator.Options{Token: "right"})
	c := client.New(client.Config{APIToken: "wrong", AccountID: account, BaseURL: url})
	_, err := c.StoreID(context.Background())
	if !errors.Is(err, client.ErrAuth) || !strings.Contains(err.Error(), "Secrets Store Edit") {
		t.Errorf("auth: %v", err)
	}
}

func TestStoreResolution(t *testing.T) {
	emu, url := emulator.Start(t, emulator.Options{Token: "t"})
	c := client.New(client.Config{APIToken: "t", AccountID: account, BaseURL: url})
	ctx := context.Background()
	storeID, err := c.StoreID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	emu.ResetCounters()
	if again, _ := c.StoreID(ctx); again != storeID || emu.Count("") != 0 {
		t.Error("the store is resolved once per client")
	}

	req, _ := http.NewRequest(http.MethodDelete, url+"/accounts/"+account+"/secrets_store/stores/"+storeID+"?force=true", nil)
	req.Header.Set("Authorization", "Bearer t")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("deleting the store: %v %v", res, err)
	}
	_ = res.Body.Close()
	fresh := client.New(client.Config{APIToken: "t", AccountID: account, BaseURL: url})
	_, err = fresh.StoreID(ctx)
	if !errors.Is(err, client.ErrNoStore) || !strings.Contains(err.Error(), "store_id") {
		t.Errorf("an account without a store: %v", err)
	}
}

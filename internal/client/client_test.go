package client_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
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
	return emu, newClient(url, client.Config{MaxRetries: retries, MaxRetryWait: 1500 * time.Millisecond})
}

// newClient is a client of the emulator at url with cfg's other settings.
func newClient(url string, cfg client.Config) *client.Client {
	cfg.APIToken, cfg.AccountID, cfg.BaseURL = "t", account, url
	return client.New(cfg)
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
	t.Parallel()
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
	// The provider's own writes keep the listing current without a request.
	made := create(t, c, "new")
	comment := "patched"
	if _, err := c.Patch(ctx, all[0].ID, all[0].Name, client.Patch{Comment: &comment}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Duplicate(ctx, made[0].ID, "new", "new-copy", "copy", []string{"workers"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, all[1:3]); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(ctx, all[3:4]); err != nil {
		t.Fatal(err)
	}
	cached, _ := c.List(ctx)
	if emu.Count("GET /secrets") != 3 {
		t.Errorf("writes made List read the store again: %d list requests", emu.Count("GET /secrets"))
	}
	var store []string
	for _, s := range emu.Secrets(account) {
		store = append(store, s.Name+"="+s.Comment)
	}
	sort.Strings(store)
	if got, want := summary(cached), strings.Join(store, " "); got != want {
		t.Errorf("the kept listing differs from the store:\n kept  %s\n store %s", got, want)
	}

	// A write that fails may still have committed: the listing is dropped.
	emu.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Status: http.StatusBadGateway, AfterCommit: true})
	if _, err := c.Patch(ctx, all[4].ID, all[4].Name, client.Patch{Comment: &comment}); err == nil {
		t.Fatal("the injected fault did not fail the patch")
	}
	fresh, _ := c.List(ctx)
	if emu.Count("GET /secrets") != 6 {
		t.Errorf("a failed write must drop the listing: %d list requests", emu.Count("GET /secrets"))
	}
	if !strings.Contains(summary(fresh), all[4].Name+"=patched") {
		t.Error("the listing read after a failed write misses what that write committed")
	}
}

// A listing takes one request per 100 secrets, no empty page past the end,
// and the pages after the first are read at once.
func TestListReadsEachPageOnce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 99, 100, 200, 1000} {
		emu, url := emulator.Start(t, emulator.Options{Token: "t", SecretQuota: 1000})
		c := newClient(url, client.Config{})
		var names []string
		for i := range n {
			names = append(names, fmt.Sprintf("s%04d", i))
		}
		for len(names) > 0 {
			batch := names[:min(len(names), 100)]
			create(t, c, batch...)
			names = names[len(batch):]
		}
		emu.ResetCounters()
		fresh := newClient(url, client.Config{})
		all, err := fresh.List(context.Background())
		if err != nil || len(all) != n {
			t.Fatalf("%d secrets: listed %d, %v", n, len(all), err)
		}
		if got, want := emu.Count("GET /secrets"), max(1, (n+99)/100); got != want {
			t.Errorf("%d secrets: %d list requests, want %d", n, got, want)
		}
	}
}

// summary is a listing as name=comment pairs, sorted by name.
func summary(list []versions.StoreSecret) string {
	var pairs []string
	for _, s := range list {
		pairs = append(pairs, s.Name+"="+s.Comment)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, " ")
}

func TestDeleteSendsIDsInOneRequest(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

// Each attempt has its own timeout. A slow read is retried; a slow write is
// not, because the server may carry it out after the client gave up, and the
// error says so.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	emu, url := emulator.Start(t, emulator.Options{Token: "t"})
	c := newClient(url, client.Config{MaxRetries: 2, MaxRetryWait: 100 * time.Millisecond, RequestTimeout: 500 * time.Millisecond})
	ctx := context.Background()
	if _, err := c.StoreID(ctx); err != nil {
		t.Fatal(err)
	}

	// The emulator counts a request once it has answered, so a slow one is
	// counted after the client has given up on it.
	counted := func(route string, want int) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for emu.Count(route) < want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
		if n := emu.Count(route); n != want {
			t.Errorf("want %d %s, got %d", want, route, n)
		}
	}

	emu.AddFault(emulator.Fault{Route: "GET /quota", Delay: 2 * time.Second})
	if _, _, err := c.Quota(ctx); err != nil {
		t.Fatalf("a read that timed out once is retried: %v", err)
	}
	counted("GET /quota", 2)

	emu.AddFault(emulator.Fault{Route: "GET /quota", Delay: 2 * time.Second, Times: 3})
	_, _, err := c.Quota(ctx)
	counted("GET /quota", 5)
	if !errors.Is(err, client.ErrTimeout) || !strings.Contains(err.Error(), "no answer within 500ms") || !strings.Contains(err.Error(), account) {
		t.Errorf("a read that always times out fails naming the timeout and the account: %v", err)
	}

	emu.AddFault(emulator.Fault{Route: "POST /secrets", Delay: 2 * time.Second})
	_, err = c.Create(ctx, []client.NewSecret{{Name: "slow", Value: "slow-secret-value", Scopes: []string{"workers"}}})
	if err == nil {
		t.Fatal("a write that timed out was repeated until it succeeded")
	}
	if !errors.Is(err, client.ErrTimeout) || !strings.Contains(err.Error(), "the change may still have been made") ||
		!strings.Contains(err.Error(), `"slow"`) || !strings.Contains(err.Error(), "Run apply again") {
		t.Errorf("a write that timed out says it may have been made and what to do: %v", err)
	}
	if strings.Contains(err.Error(), "slow-secret-value") {
		t.Error("the timeout error carries the value")
	}
	// Sent once, and carried out after the client gave up.
	counted("POST /secrets", 1)
	if emu.Fingerprint(account, "slow") == "" {
		t.Error("the slow write was never carried out")
	}
}

func TestTypedErrorsNameTheSecret(t *testing.T) {
	t.Parallel()
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

// The advice in an error speaks to whoever reads it: a Terraform user
// plans and applies and sets provider attributes; a user of the layeron
// command runs it again and sets environment variables.
func TestErrorAdviceSpeaksToItsReader(t *testing.T) {
	t.Parallel()
	emu, url := emulator.Start(t, emulator.Options{Token: "t"})
	ctx := context.Background()
	provider := newClient(url, client.Config{RequestTimeout: 300 * time.Millisecond})
	cli := newClient(url, client.Config{RequestTimeout: 300 * time.Millisecond, CLI: true})
	create(t, provider, "taken")
	for _, tc := range []struct {
		name         string
		fail         func(c *client.Client) error
		provider, cl string
	}{
		{"a conflict", func(c *client.Client) error {
			_, err := c.Create(ctx, []client.NewSecret{{Name: "taken", Value: "x", Scopes: []string{"workers"}}})
			return err
		}, "run plan again", "run the command again once it is done"},
		{"a timed-out write", func(c *client.Client) error {
			emu.AddFault(emulator.Fault{Route: "PATCH /secrets/{id}", Delay: time.Second, Status: http.StatusServiceUnavailable})
			s, _ := emu.Secret(account, "taken")
			comment := "c"
			_, err := c.Patch(ctx, s.ID, s.Name, client.Patch{Comment: &comment})
			return err
		}, "Run apply again", "layeron secret versions before running the command again. If the API is slow from here, raise LAYERON_REQUEST_TIMEOUT"},
		{"a server that keeps failing", func(c *client.Client) error {
			emu.AddFault(emulator.Fault{Route: "GET /quota", Status: http.StatusInternalServerError})
			_, _, err := c.Quota(ctx)
			return err
		}, "raise max_retries", "raise LAYERON_MAX_RETRIES"},
	} {
		if err := tc.fail(provider); err == nil || !strings.Contains(err.Error(), tc.provider) {
			t.Errorf("%s for the provider says %v, want %q", tc.name, err, tc.provider)
		}
		err := tc.fail(cli)
		if err == nil || !strings.Contains(err.Error(), tc.cl) {
			t.Errorf("%s for the CLI says %v, want %q", tc.name, err, tc.cl)
		}
		if err != nil && (strings.Contains(err.Error(), "apply") || strings.Contains(err.Error(), "plan") || strings.Contains(err.Error(), "max_retries")) {
			t.Errorf("%s for the CLI speaks of Terraform: %v", tc.name, err)
		}
	}
}

func TestAuthError(t *testing.T) {
	t.Parallel()
	_, url := emulator.Start(t, emulator.Options{Token: "right"})
	c := client.New(client.Config{APIToken: "wrong", AccountID: account, BaseURL: url})
	_, err := c.StoreID(context.Background())
	if !errors.Is(err, client.ErrAuth) || !strings.Contains(err.Error(), "Secrets Store Edit") {
		t.Errorf("auth: %v", err)
	}
}

func TestStoreResolution(t *testing.T) {
	t.Parallel()
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

func TestReserveCountsWhatTheStoreLacks(t *testing.T) {
	t.Parallel()
	_, c := setup(t, 0)
	ctx := context.Background()
	create(t, c, "held")
	for _, step := range []struct {
		reserve string
		create  string
		want    int
	}{
		{reserve: "a", want: 1},
		{reserve: "b", want: 2},
		{reserve: "a", want: 2},    // planned twice, counted once
		{reserve: "held", want: 2}, // already in the store
		{create: "a"},              // applied: no longer needed
		{reserve: "c", want: 2},
	} {
		if step.create != "" {
			create(t, c, step.create)
			continue
		}
		listing, need, err := c.Reserve(ctx, step.reserve)
		if err != nil || need != step.want {
			t.Fatalf("Reserve(%q) = %d, %v; want %d", step.reserve, need, err, step.want)
		}
		if len(listing) == 0 {
			t.Fatal("Reserve returned no listing")
		}
	}
}

// Malformed answers give an error naming what failed, never a panic, and
// never a request storm.
func TestMalformedResponses(t *testing.T) {
	t.Parallel()
	store := `{"success":true,"errors":[],"messages":[],"result":[{"id":"0123456789abcdef0123456789abcdef","name":"s"}]}`
	huge := `{"success":true,"errors":[],"messages":[],"result":[` + strings.Repeat(`{"id":"x","name":"a"},`, 20000) +
		`{"id":"y","name":"b"}],"result_info":{"page":1,"per_page":100,"total_count":99999999999}}`
	for _, tc := range []struct{ name, secrets string }{
		{"not JSON", `<html>502 Bad Gateway</html>`},
		{"truncated", `{"success":true,"result":[{"id":`},
		{"result of the wrong type", `{"success":true,"errors":[],"messages":[],"result":{"id":7}}`},
		{"items of the wrong type", `{"success":true,"errors":[],"messages":[],"result":[1,"two",null]}`},
		{"fields of the wrong type", `{"success":true,"errors":[],"messages":[],"result":[{"id":7,"name":["a"],"created":"yesterday","scopes":"workers"}]}`},
		{"failure without errors", `{"success":false,"errors":[],"messages":[],"result":null}`},
		{"huge page with an absurd count", huge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			requests := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests++
				w.Header().Set("Content-Type", "application/json")
				if strings.HasSuffix(r.URL.Path, "/stores") {
					_, _ = fmt.Fprint(w, store)
					return
				}
				_, _ = fmt.Fprint(w, tc.secrets)
			}))
			defer srv.Close()
			c := newClient(srv.URL, client.Config{})
			list, err := c.List(context.Background())
			if requests > 3 {
				t.Errorf("%d requests for one listing", requests)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "Listing secrets") || !strings.Contains(err.Error(), account) {
					t.Errorf("the error does not say what failed where: %v", err)
				}
				return
			}
			// What the client accepts must be usable as it is.
			for _, s := range list {
				_ = versions.Collect("ns", "name", []versions.StoreSecret{s})
			}
		})
	}
}

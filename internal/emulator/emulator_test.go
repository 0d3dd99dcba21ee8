package emulator_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v7/option"
	"github.com/cloudflare/cloudflare-go/v7/secrets_store"

	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
)

// These tests drive the emulator through cloudflare-go, the client the
// provider uses, so that they check the emulator against what the SDK sends
// and expects, not against this package's own idea of the API.

const (
	testAccount = "0123456789abcdef0123456789abcdef"
	testToken   = "emulator-test-token"
)

type fixture struct {
	emu   *emulator.Server
	svc   *secrets_store.SecretsStoreService
	clock *clock.Fake
	store string
	url   string // the base URL, ending in /client/v4
}

func setup(t *testing.T) *fixture {
	t.Helper()
	return setupWith(t, emulator.Options{})
}

// setupWith is setup with more options; it sets the token and clock.
func setupWith(t *testing.T, opts emulator.Options) *fixture {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 26, 4, 0, 0, 123456789, time.UTC))
	opts.Token, opts.Clock = testToken, clk
	emu, url := emulator.Start(t, opts)
	base := []option.RequestOption{option.WithBaseURL(url), option.WithAPIToken(testToken), option.WithMaxRetries(0)}
	svc := secrets_store.NewSecretsStoreService(base...)
	f := &fixture{emu: emu, svc: svc, clock: clk, url: url}
	var p secrets_store.StoreListParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	page, err := svc.Stores.List(context.Background(), p)
	if err != nil {
		t.Fatalf("listing stores: %v", err)
	}
	if len(page.Result) != 1 {
		t.Fatalf("the account's store is created on first use: want 1 store, got %d", len(page.Result))
	}
	f.store = page.Result[0].ID
	return f
}

func (f *fixture) create(t *testing.T, names ...string) []secrets_store.StoreSecretNewResponse {
	t.Helper()
	res, err := f.createErr(names...)
	if err != nil {
		t.Fatalf("creating %v: %v", names, err)
	}
	return res
}

func (f *fixture) createErr(names ...string) ([]secrets_store.StoreSecretNewResponse, error) {
	var p secrets_store.StoreSecretNewParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	for _, n := range names {
		var b secrets_store.StoreSecretNewParamsBody
		b.Name.Value, b.Name.Present = n, true
		b.Value.Value, b.Value.Present = "value-of-"+n, true
		b.Scopes.Value, b.Scopes.Present = []secrets_store.StoreSecretNewParamsBodyScope{"workers", "ai_gateway"}, true
		b.Comment.Value, b.Comment.Present = "comment of "+n, true
		p.Body = append(p.Body, b)
	}
	res, err := f.svc.Stores.Secrets.New(context.Background(), f.store, p)
	if err != nil {
		return nil, err
	}
	return res.Result, nil
}

func apiStatus(t *testing.T, err error) (int, int64) {
	t.Helper()
	var apiErr *secrets_store.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("want an API error, got %v", err)
	}
	if len(apiErr.Errors) == 0 {
		t.Fatalf("error envelope without errors: %v", err)
	}
	return apiErr.StatusCode, apiErr.Errors[0].Code
}

func TestSecretLifecycle(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	created := f.create(t, "alpha", "beta")
	if len(created) != 2 || created[0].Name != "alpha" || created[0].StoreID != f.store {
		t.Fatalf("bulk create returned %+v", created)
	}
	a := created[0]
	if len(a.ID) != 32 || strings.Trim(a.ID, "0123456789abcdef") != "" {
		t.Errorf("id %q is not 32 lowercase hex characters", a.ID)
	}
	if got := fmt.Sprint(a.Scopes); got != "[ai_gateway workers]" {
		t.Errorf("scopes are returned sorted: got %s", got)
	}
	if !a.Created.Equal(a.Modified) || a.Created.Nanosecond()%1000 != 0 {
		t.Errorf("created %v and modified %v must be equal microsecond timestamps", a.Created, a.Modified)
	}
	if strings.Contains(a.JSON.RawJSON(), "value") {
		t.Errorf("a response carries a value: %s", a.JSON.RawJSON())
	}

	var get secrets_store.StoreSecretGetParams
	get.AccountID.Value, get.AccountID.Present = testAccount, true
	got, err := f.svc.Stores.Secrets.Get(ctx, f.store, a.ID, get)
	if err != nil || got.Name != "alpha" || got.Comment != "comment of alpha" {
		t.Fatalf("get: %+v, %v", got, err)
	}

	f.clock.Advance(time.Hour)
	var edit secrets_store.StoreSecretEditParams
	edit.AccountID.Value, edit.AccountID.Present = testAccount, true
	edit.Value.Value, edit.Value.Present = "new value", true
	edit.Comment.Value, edit.Comment.Present = "edited", true
	edited, err := f.svc.Stores.Secrets.Edit(ctx, f.store, a.ID, edit)
	if err != nil {
		t.Fatalf("edit: %v", err)
	}
	if edited.Comment != "edited" || !edited.Modified.After(edited.Created) || !edited.Created.Equal(a.Created) {
		t.Errorf("edit must bump modified only: %+v", edited)
	}
	if !f.emu.ValueEquals(testAccount, "alpha", "new value") {
		t.Error("edit did not change the value")
	}

	var dup secrets_store.StoreSecretDuplicateParams
	dup.AccountID.Value, dup.AccountID.Present = testAccount, true
	dup.Name.Value, dup.Name.Present = "alpha_copy", true
	dup.Scopes.Value, dup.Scopes.Present = []secrets_store.StoreSecretDuplicateParamsScope{"workers"}, true
	copied, err := f.svc.Stores.Secrets.Duplicate(ctx, f.store, a.ID, dup)
	if err != nil || copied.Name != "alpha_copy" {
		t.Fatalf("duplicate: %+v, %v", copied, err)
	}
	if !f.emu.SameValue(testAccount, "alpha", "alpha_copy") || f.emu.SameValue(testAccount, "alpha", "beta") {
		t.Error("duplicate must keep the source's value")
	}

	var del secrets_store.StoreSecretDeleteParams
	del.AccountID.Value, del.AccountID.Present = testAccount, true
	if _, err := f.svc.Stores.Secrets.Delete(ctx, f.store, a.ID, del); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err = f.svc.Stores.Secrets.Get(ctx, f.store, a.ID, get)
	if status, _ := apiStatus(t, err); status != http.StatusNotFound {
		t.Errorf("get after delete: want 404, got %d", status)
	}
	_, err = f.svc.Stores.Secrets.Edit(ctx, f.store, a.ID, edit)
	if status, _ := apiStatus(t, err); status != http.StatusNotFound {
		t.Errorf("edit after delete: want 404, got %d", status)
	}

	var bulk secrets_store.StoreSecretBulkDeleteParams
	bulk.AccountID.Value, bulk.AccountID.Present = testAccount, true
	body := fmt.Sprintf(`{"ids":[%q,%q]}`, created[1].ID, copied.ID)
	if _, err := f.svc.Stores.Secrets.BulkDelete(ctx, f.store, bulk, option.WithRequestBody("application/json", []byte(body))); err != nil {
		t.Fatalf("bulk delete: %v", err)
	}
	if n := len(f.emu.Secrets(testAccount)); n != 0 {
		t.Errorf("bulk delete left %d secrets", n)
	}
}

func TestListPaginationSearchAndScopes(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	for i := range 5 {
		f.create(t, fmt.Sprintf("s%d", i))
		f.clock.Advance(time.Second)
	}
	var p secrets_store.StoreSecretListParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	p.PerPage.Value, p.PerPage.Present = 2, true
	var names []string
	iter := f.svc.Stores.Secrets.ListAutoPaging(ctx, f.store, p)
	for iter.Next() {
		names = append(names, iter.Current().Name)
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	// The default order is created, descending; the pager stops on the
	// empty page past the end.
	if got := strings.Join(names, ","); got != "s4,s3,s2,s1,s0" {
		t.Errorf("auto-paging listed %s", got)
	}
	if n := f.emu.Count("GET /secrets"); n != 4 {
		t.Errorf("3 pages plus the empty page past the end make 4 requests, got %d", n)
	}

	p.Page.Value, p.Page.Present = 9, true
	page, err := f.svc.Stores.Secrets.List(ctx, f.store, p)
	if err != nil || len(page.Result) != 0 {
		t.Errorf("a page past the end is empty: %+v, %v", page, err)
	}

	var q secrets_store.StoreSecretListParams
	q.AccountID.Value, q.AccountID.Present = testAccount, true
	q.Search.Value, q.Search.Present = "OF S3", true
	q.Scopes.Value, q.Scopes.Present = []secrets_store.StoreSecretListParamsScope{"workers"}, true
	page, err = f.svc.Stores.Secrets.List(ctx, f.store, q)
	if err != nil || len(page.Result) != 1 || page.Result[0].Name != "s3" {
		t.Errorf("search over comments: %+v, %v", page, err)
	}
	q.Search.Present = false
	q.Scopes.Value = []secrets_store.StoreSecretListParamsScope{"dex"}
	if page, err = f.svc.Stores.Secrets.List(ctx, f.store, q); err != nil || len(page.Result) != 0 {
		t.Errorf("scope filter: %+v, %v", page, err)
	}

	q.Scopes.Present = false
	q.PerPage.Value, q.PerPage.Present = 101, true
	_, err = f.svc.Stores.Secrets.List(ctx, f.store, q)
	if status, _ := apiStatus(t, err); status != http.StatusBadRequest {
		t.Errorf("per_page above 100: want 400, got %d", status)
	}
}

func TestQuota(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.emu.SetQuota(testAccount, 3)
	f.create(t, "a", "b")
	var p secrets_store.QuotaGetParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	q, err := f.svc.Quota.Get(context.Background(), p)
	if err != nil || q.Secrets.Quota != 3 || q.Secrets.Usage != 2 {
		t.Fatalf("quota: %+v, %v", q, err)
	}
	_, err = f.createErr("c", "d")
	if status, code := apiStatus(t, err); status != http.StatusBadRequest || code != 1005 {
		t.Errorf("over quota: got %d/%d", status, code)
	}
	if n := len(f.emu.Secrets(testAccount)); n != 2 {
		t.Errorf("a rejected bulk create must write nothing, found %d secrets", n)
	}
}

func TestOneStorePerAccount(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	var p secrets_store.StoreNewParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	p.Name.Value, p.Name.Present = "second", true
	_, err := f.svc.Stores.New(ctx, p)
	if status, code := apiStatus(t, err); status != http.StatusBadRequest || code != 1003 {
		t.Errorf("second store: got %d/%d", status, code)
	}

	f.create(t, "keep")
	var del secrets_store.StoreDeleteParams
	del.AccountID.Value, del.AccountID.Present = testAccount, true
	_, err = f.svc.Stores.Delete(ctx, f.store, del)
	if status, _ := apiStatus(t, err); status != http.StatusConflict {
		t.Errorf("deleting a non-empty store: want 409, got %d", status)
	}
	del.Force.Value, del.Force.Present = true, true
	if _, err := f.svc.Stores.Delete(ctx, f.store, del); err != nil {
		t.Fatalf("forced delete: %v", err)
	}
	var get secrets_store.StoreGetParams
	get.AccountID.Value, get.AccountID.Present = testAccount, true
	_, err = f.svc.Stores.Get(ctx, f.store, get)
	if status, _ := apiStatus(t, err); status != http.StatusNotFound {
		t.Errorf("get deleted store: want 404, got %d", status)
	}
	created, err := f.svc.Stores.New(ctx, p)
	if err != nil || created.Name != "second" {
		t.Fatalf("create after delete: %+v, %v", created, err)
	}
	if got, err := f.svc.Stores.Get(ctx, created.ID, get); err != nil || got.ID != created.ID {
		t.Errorf("get store: %+v, %v", got, err)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	f := setup(t)
	big := strings.Repeat("x", emulator.MaxValueBytes+1)
	var p secrets_store.StoreSecretNewParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	var b secrets_store.StoreSecretNewParamsBody
	b.Name.Value, b.Name.Present = "big", true
	b.Value.Value, b.Value.Present = big, true
	b.Scopes.Value, b.Scopes.Present = []secrets_store.StoreSecretNewParamsBodyScope{"workers"}, true
	p.Body = []secrets_store.StoreSecretNewParamsBody{b}
	_, err := f.svc.Stores.Secrets.New(context.Background(), f.store, p)
	if status, _ := apiStatus(t, err); status != http.StatusBadRequest {
		t.Errorf("oversized value: want 400, got %d", status)
	}
	if strings.Contains(err.Error(), big[:100]) {
		t.Error("the error echoes the value")
	}
	p.Body[0].Value.Value = strings.Repeat("x", emulator.MaxValueBytes)
	if _, err := f.svc.Stores.Secrets.New(context.Background(), f.store, p); err != nil {
		t.Errorf("a value of exactly 64 KiB is accepted: %v", err)
	}
	_, err = f.svc.Stores.Secrets.New(context.Background(), f.store, p)
	if status, code := apiStatus(t, err); status != http.StatusConflict || code != 10021 {
		t.Errorf("duplicate name: got %d/%d", status, code)
	}
	p.Body[0].Name.Value = "has space"
	_, err = f.svc.Stores.Secrets.New(context.Background(), f.store, p)
	if status, _ := apiStatus(t, err); status != http.StatusBadRequest {
		t.Errorf("bad name: want 400, got %d", status)
	}

	for _, tc := range []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/accounts/" + testAccount + "/secrets_store/stores/" + f.store + "/secrets", `{"name":`, 400},
		{"POST", "/accounts/" + testAccount + "/secrets_store/stores", `[{"name":"x"}]`, 400},
		{"PUT", "/accounts/" + testAccount + "/secrets_store/quota", ``, 405},
		{"GET", "/accounts/" + testAccount + "/secrets_store/nothing", ``, 404},
		{"GET", "/zones", ``, 404},
	} {
		var env struct {
			Success bool `json:"success"`
			Errors  []struct {
				Code int `json:"code"`
			} `json:"errors"`
		}
		status := rawRequest(t, f, tc.method, tc.path, tc.body, &env)
		if status != tc.status || env.Success || len(env.Errors) == 0 || env.Errors[0].Code < 1000 {
			t.Errorf("%s %s: got %d %+v", tc.method, tc.path, status, env)
		}
	}
}

func TestAuthRequired(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var p secrets_store.QuotaGetParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true
	_, err := f.svc.Quota.Get(context.Background(), p, option.WithAPIToken("wrong"))
	if status, code := apiStatus(t, err); status != http.StatusForbidden || code != 10000 {
		t.Errorf("wrong token: got %d/%d", status, code)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	var p secrets_store.QuotaGetParams
	p.AccountID.Value, p.AccountID.Present = testAccount, true

	// The SDK's own retries honour Retry-After.
	retrying := secrets_store.NewSecretsStoreService(append(f.svc.Options, option.WithMaxRetries(2))...)
	f.emu.AddFault(emulator.Fault{Route: "GET /quota", Status: http.StatusTooManyRequests, RetryAfter: 1})
	start := time.Now()
	if _, err := retrying.Quota.Get(ctx, p); err != nil {
		t.Fatalf("a 429 with Retry-After is retried: %v", err)
	}
	if time.Since(start) < time.Second {
		t.Error("the retry did not wait for Retry-After")
	}
	f.emu.AddFault(emulator.Fault{Route: "GET /quota", Status: http.StatusBadGateway, Times: 2})
	if _, err := retrying.Quota.Get(ctx, p); err != nil {
		t.Fatalf("a 5xx burst shorter than the retries is absorbed: %v", err)
	}
	if n := f.emu.Count("GET /quota"); n != 5 {
		t.Errorf("want 5 quota requests, got %d", n)
	}

	// The third matching request fails; the first two do not.
	f.emu.AddFault(emulator.Fault{Route: "POST /secrets", Nth: 3, Status: http.StatusInternalServerError})
	f.create(t, "one")
	f.create(t, "two")
	_, err := f.createErr("three")
	if status, _ := apiStatus(t, err); status != http.StatusInternalServerError {
		t.Errorf("third create: want 500, got %d", status)
	}
	if _, ok := f.emu.Secret(testAccount, "three"); ok {
		t.Error("a failed request must not commit")
	}

	// After a commit, the client still sees a failure.
	f.emu.AddFault(emulator.Fault{Route: "POST /secrets", Status: http.StatusBadGateway, AfterCommit: true})
	_, err = f.createErr("four")
	if status, _ := apiStatus(t, err); status != http.StatusBadGateway {
		t.Errorf("after-commit fault: want 502, got %d", status)
	}
	if _, ok := f.emu.Secret(testAccount, "four"); !ok {
		t.Error("an after-commit fault must commit the write")
	}

	for _, r := range f.emu.Requests() {
		if strings.Contains(fmt.Sprint(r), "value-of") {
			t.Errorf("the request log holds a value: %+v", r)
		}
	}
}

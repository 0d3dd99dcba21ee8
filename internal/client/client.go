// Package client is the Cloudflare Secrets Store as the provider needs it,
// on top of cloudflare-go: one account and its store, typed errors, bounded
// retries, and a shared listing of the store that serves every read of a run.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/cloudflare/cloudflare-go/v7/option"
	"github.com/cloudflare/cloudflare-go/v7/secrets_store"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// IDPattern is the form of a Cloudflare account or store id: 32
// lowercase hexadecimal characters.
var IDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// DefaultBaseURL is the Cloudflare API.
const DefaultBaseURL = "https://api.cloudflare.com/client/v4"

// DefaultRequestTimeout bounds each attempt of a request unless configured.
const DefaultRequestTimeout = 60 * time.Second

const pageSize = 100

// Config is what a Client needs.
type Config struct {
	APIToken  string
	AccountID string
	// StoreID may be empty: the account's one store is then used.
	StoreID    string
	BaseURL    string
	MaxRetries int
	// MaxRetryWait bounds a single wait between retries.
	MaxRetryWait time.Duration
	// RequestTimeout bounds each attempt of a request; a read that times
	// out is retried, a write is not (it may have been carried out).
	RequestTimeout time.Duration
	HTTPClient     *http.Client
	UserAgent      string
	// Logger receives what the client does; nil logs nothing.
	Logger Logger
	// CLI makes the advice in errors speak to a user of the layeron
	// command, who runs commands and sets environment variables, rather
	// than to a user of Terraform, who plans, applies and sets provider
	// attributes.
	CLI bool
}

// Logger receives the client's debug and warning messages. Their fields
// carry names, ids and counts, never values or headers.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type discardLogger struct{}

func (discardLogger) Debug(context.Context, string, map[string]any) {}
func (discardLogger) Warn(context.Context, string, map[string]any)  {}

// Client talks to one account's Secrets Store. It is safe for concurrent use.
type Client struct {
	accountID string
	service   *secrets_store.SecretsStoreService
	log       Logger
	cli       bool

	storeMu sync.Mutex
	storeID string

	// The listing is read from the API once and then kept current by the
	// provider's own writes, so the many resources of one run share it. A
	// write whose outcome is unknown (an error) drops it, and the next List
	// reads the store again.
	listMu  sync.Mutex
	listing []versions.StoreSecret
	listed  bool

	// reserved holds the names of the store secrets the plan adds.
	reservedMu sync.Mutex
	reserved   map[string]bool

	quotaMu    sync.Mutex
	quotaLimit int
}

// New returns a client; it makes no request.
func New(cfg Config) *Client {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.MaxRetryWait == 0 {
		cfg.MaxRetryWait = 60 * time.Second
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger{}
	}
	opts := []option.RequestOption{
		option.WithBaseURL(cfg.BaseURL),
		option.WithAPIToken(cfg.APIToken),
		option.WithMaxRetries(0),
		option.WithMiddleware(retryMiddleware(cfg.MaxRetries, cfg.MaxRetryWait, cfg.RequestTimeout, cfg.Logger)),
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	if cfg.UserAgent != "" {
		opts = append(opts, option.WithHeader("User-Agent", cfg.UserAgent))
	}
	return &Client{accountID: cfg.AccountID, storeID: cfg.StoreID, log: cfg.Logger, cli: cfg.CLI, service: secrets_store.NewSecretsStoreService(opts...)}
}

// AccountID is the account this client works on.
func (c *Client) AccountID() string { return c.accountID }

// StoreID returns the configured store, or the account's one store.
func (c *Client) StoreID(ctx context.Context) (string, error) {
	c.storeMu.Lock()
	defer c.storeMu.Unlock()
	if c.storeID != "" {
		return c.storeID, nil
	}
	var params secrets_store.StoreListParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	page, err := c.service.Stores.List(ctx, params)
	if err != nil {
		return "", c.wrap(err, "Listing stores", "", "")
	}
	switch len(page.Result) {
	case 0:
		return "", &APIError{Op: "Finding the Secrets Store", AccountID: c.accountID, kind: ErrNoStore, cli: c.cli,
			cause: fmt.Errorf("the account has no store; open Secrets Store in the Cloudflare dashboard once to create it, or set %s", c.storeSetting())}
	case 1:
		// The id reaches diagnostics, state and requests' paths: an answer
		// of another form is refused, never shown.
		if !IDPattern.MatchString(page.Result[0].ID) {
			return "", &APIError{Op: "Finding the Secrets Store", AccountID: c.accountID, cli: c.cli,
				cause: fmt.Errorf("the API answered with a store id that is not 32 lowercase hexadecimal characters; set %s to the store's id", c.storeSetting())}
		}
		c.storeID = page.Result[0].ID
		c.log.Debug(ctx, "Using the account's Secrets Store", map[string]any{"account_id": c.accountID, "store_id": c.storeID})
		return c.storeID, nil
	default:
		return "", &APIError{Op: "Finding the Secrets Store", AccountID: c.accountID, cli: c.cli,
			cause: fmt.Errorf("the account has %d stores; set %s to choose one", len(page.Result), c.storeSetting())}
	}
}

// storeSetting names the setting that chooses the store, as its user sets
// it.
func (c *Client) storeSetting() string {
	if c.cli {
		return "LAYERON_STORE_ID"
	}
	return "store_id"
}

// Quota returns the account's secret quota and current usage.
func (c *Client) Quota(ctx context.Context) (quota, usage int, err error) {
	var params secrets_store.QuotaGetParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	res, err := c.service.Quota.Get(ctx, params)
	if err != nil {
		return 0, 0, c.wrap(err, "Reading the secret quota", "", "")
	}
	return int(res.Secrets.Quota), int(res.Secrets.Usage), nil
}

// QuotaLimit returns the account's secret quota, read once per client: the
// limit is a plan setting, while usage is counted from the listing.
// Concurrent callers share the one request.
func (c *Client) QuotaLimit(ctx context.Context) (int, error) {
	c.quotaMu.Lock()
	defer c.quotaMu.Unlock()
	if c.quotaLimit > 0 {
		return c.quotaLimit, nil
	}
	limit, _, err := c.Quota(ctx)
	if err != nil {
		return 0, err
	}
	c.quotaLimit = limit
	return limit, nil
}

// updateListing applies the outcome of a write to the listing: the secrets it
// returned replace or join their entries, the removed ids leave. Each
// result is applied under the lock after any listing in flight, so it holds
// whether or not that listing already saw the write. A failed write drops
// the listing, since the store may or may not have changed.
func (c *Client) updateListing(err error, results []versions.StoreSecret, removed ...string) {
	c.listMu.Lock()
	defer c.listMu.Unlock()
	if !c.listed {
		return
	}
	if err != nil {
		c.listing, c.listed = nil, false
		return
	}
	gone := map[string]bool{}
	for _, id := range removed {
		gone[id] = true
	}
	for _, r := range results {
		gone[r.ID] = true
	}
	// A new slice each time: callers may still be reading the old one.
	next := make([]versions.StoreSecret, 0, len(c.listing)+len(results))
	for _, s := range c.listing {
		if !gone[s.ID] {
			next = append(next, s)
		}
	}
	c.listing = append(next, results...)
}

// Reserve records that the plan under way adds store secret name. It returns
// the listing and how many reserved names it does not hold yet: what the
// plan needs beyond what the store holds. Names already created drop out,
// so a change planned again at apply is not counted twice.
func (c *Client) Reserve(ctx context.Context, name string) ([]versions.StoreSecret, int, error) {
	listing, err := c.List(ctx)
	if err != nil {
		return nil, 0, err
	}
	held := map[string]bool{}
	for _, s := range listing {
		held[s.Name] = true
	}
	c.reservedMu.Lock()
	defer c.reservedMu.Unlock()
	if c.reserved == nil {
		c.reserved = map[string]bool{}
	}
	c.reserved[name] = true
	need := 0
	for n := range c.reserved {
		if !held[n] {
			need++
		}
	}
	return listing, need, nil
}

// List returns every secret of the store. One paginated listing serves all
// callers, kept current by the provider's own writes; concurrent callers
// share a fill. The slice returned must not be modified.
func (c *Client) List(ctx context.Context) ([]versions.StoreSecret, error) {
	c.listMu.Lock()
	defer c.listMu.Unlock()
	if c.listed {
		return c.listing, nil
	}
	storeID, err := c.StoreID(ctx)
	if err != nil {
		return nil, err
	}
	all, err := c.listAll(ctx, storeID, "")
	if err != nil {
		return nil, err
	}
	c.log.Debug(ctx, "Listed store secrets", map[string]any{"store_id": storeID, "count": len(all)})
	c.listing, c.listed = all, true
	return all, nil
}

// Family returns what the shared listing holds of Layeron secret
// namespace/name.
func (c *Client) Family(ctx context.Context, namespace, name string) (versions.Family, error) {
	listing, err := c.List(ctx)
	if err != nil {
		return versions.Family{}, err
	}
	return versions.Collect(namespace, name, listing), nil
}

// ReadFamily reads Layeron secret namespace/name from the store in a
// targeted request, bypassing the shared listing, which a concurrent writer
// may have made stale.
func (c *Client) ReadFamily(ctx context.Context, namespace, name string) (versions.Family, error) {
	found, err := c.Find(ctx, versions.CurrentName(namespace, name))
	if err != nil {
		return versions.Family{}, err
	}
	return versions.Collect(namespace, name, found), nil
}

// Find returns the store secrets whose name or comment contains search, in
// requests of their own: a targeted read for a caller that needs one secret
// and not the whole store. It neither uses nor fills the shared listing.
func (c *Client) Find(ctx context.Context, search string) ([]versions.StoreSecret, error) {
	storeID, err := c.StoreID(ctx)
	if err != nil {
		return nil, err
	}
	return c.listAll(ctx, storeID, search)
}

// pagesInFlight bounds the listing requests sent at once.
const pagesInFlight = 4

// listAll reads every page of a listing. The first page tells how many
// secrets there are; the other pages are read at once, so a listing of any
// size takes about two round trips. When a page reports more secrets than
// were read (the store grew meanwhile) or no count at all, pages are
// followed until a short one. Ids seen twice (a secret that moved between
// pages) count once.
func (c *Client) listAll(ctx context.Context, storeID, search string) ([]versions.StoreSecret, error) {
	first, total, err := c.listPage(ctx, storeID, search, 1)
	if err != nil {
		return nil, err
	}
	pages := [][]versions.StoreSecret{first}
	if n := (total + pageSize - 1) / pageSize; n > 1 {
		rest := make([][]versions.StoreSecret, n-1)
		totals := make([]int, n-1)
		errs := make([]error, n-1)
		sem := make(chan struct{}, pagesInFlight)
		var wg sync.WaitGroup
		for i := range rest {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				rest[i], totals[i], errs[i] = c.listPage(ctx, storeID, search, int64(i+2))
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		pages = append(pages, rest...)
		total = max(total, slices.Max(totals))
	}
	for len(pages[len(pages)-1]) == pageSize && (total == 0 || total > len(pages)*pageSize) {
		next, _, err := c.listPage(ctx, storeID, search, int64(len(pages)+1))
		if err != nil {
			return nil, err
		}
		pages = append(pages, next)
	}
	var all []versions.StoreSecret
	seen := map[string]bool{}
	for _, p := range pages {
		for _, s := range p {
			if !seen[s.ID] {
				seen[s.ID] = true
				all = append(all, s)
			}
		}
	}
	return all, nil
}

// listPage reads one page of 100 secrets by name, and the number of
// secrets the API reports in all (0 when it reports none).
func (c *Client) listPage(ctx context.Context, storeID, search string, page int64) ([]versions.StoreSecret, int, error) {
	var params secrets_store.StoreSecretListParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	params.Page.Value, params.Page.Present = page, true
	params.PerPage.Value, params.PerPage.Present = pageSize, true
	params.Order.Value, params.Order.Present = secrets_store.StoreSecretListParamsOrderName, true
	params.Direction.Value, params.Direction.Present = secrets_store.StoreSecretListParamsDirectionAsc, true
	if search != "" {
		params.Search.Value, params.Search.Present = search, true
	}
	res, err := c.service.Stores.Secrets.List(ctx, storeID, params)
	if err != nil {
		return nil, 0, c.wrap(err, "Listing secrets", storeID, search)
	}
	out := make([]versions.StoreSecret, 0, len(res.Result))
	for _, s := range res.Result {
		out = append(out, storeSecret(s.ID, s.Name, s.Comment, scopeStrings(s.Scopes), s.Created, s.Modified))
	}
	total, err := strconv.Atoi(res.ResultInfo.JSON.ExtraFields["total_count"].Raw())
	// A count the client cannot use is ignored: pages are then followed one
	// by one, so a malformed answer cannot make it send many requests.
	if err != nil || total < 0 || total > maxListed {
		total = 0
	}
	return out, total, nil
}

// maxListed is far above any store (Cloudflare allows 100 secrets per
// account unless raised) and bounds the pages requested at once.
const maxListed = 100_000

// NewSecret is a secret to create. Value is sent once and never kept.
type NewSecret struct {
	Name    string
	Value   string
	Comment string
	Scopes  []string
}

// Create creates secrets in one request.
func (c *Client) Create(ctx context.Context, secrets []NewSecret) ([]versions.StoreSecret, error) {
	storeID, err := c.StoreID(ctx)
	if err != nil {
		return nil, err
	}
	var params secrets_store.StoreSecretNewParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	names := ""
	for i, s := range secrets {
		var b secrets_store.StoreSecretNewParamsBody
		b.Name.Value, b.Name.Present = s.Name, true
		b.Value.Value, b.Value.Present = s.Value, true
		b.Comment.Value, b.Comment.Present = s.Comment, true
		b.Scopes.Value, b.Scopes.Present = scopes[secrets_store.StoreSecretNewParamsBodyScope](s.Scopes), true
		params.Body = append(params.Body, b)
		if i > 0 {
			names += ", "
		}
		names += s.Name
	}
	res, err := c.service.Stores.Secrets.New(ctx, storeID, params)
	if err != nil {
		c.updateListing(err, nil)
		return nil, c.wrap(err, "Creating", storeID, names)
	}
	var out []versions.StoreSecret
	for _, s := range res.Result {
		out = append(out, storeSecret(s.ID, s.Name, s.Comment, scopeStrings(s.Scopes), s.Created, s.Modified))
	}
	c.updateListing(nil, out)
	return out, nil
}

// Patch changes what is set in p of the secret with id (called name).
type Patch struct {
	Value   *string
	Comment *string
	Scopes  []string
}

// Patch updates a secret in place.
func (c *Client) Patch(ctx context.Context, id, name string, p Patch) (versions.StoreSecret, error) {
	storeID, err := c.StoreID(ctx)
	if err != nil {
		return versions.StoreSecret{}, err
	}
	var params secrets_store.StoreSecretEditParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	if p.Value != nil {
		params.Value.Value, params.Value.Present = *p.Value, true
	}
	if p.Comment != nil {
		params.Comment.Value, params.Comment.Present = *p.Comment, true
	}
	if p.Scopes != nil {
		params.Scopes.Value, params.Scopes.Present = scopes[secrets_store.StoreSecretEditParamsScope](p.Scopes), true
	}
	s, err := c.service.Stores.Secrets.Edit(ctx, storeID, id, params)
	if err != nil {
		c.updateListing(err, nil)
		return versions.StoreSecret{}, c.wrap(err, "Updating", storeID, name)
	}
	out := storeSecret(s.ID, s.Name, s.Comment, scopeStrings(s.Scopes), s.Created, s.Modified)
	c.updateListing(nil, []versions.StoreSecret{out})
	return out, nil
}

// Duplicate copies the secret with id (called name), value included, to a
// new secret on the server side: the value never passes through the provider.
func (c *Client) Duplicate(ctx context.Context, id, name, newName, comment string, scopeList []string) (versions.StoreSecret, error) {
	storeID, err := c.StoreID(ctx)
	if err != nil {
		return versions.StoreSecret{}, err
	}
	var params secrets_store.StoreSecretDuplicateParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	params.Name.Value, params.Name.Present = newName, true
	params.Comment.Value, params.Comment.Present = comment, true
	params.Scopes.Value, params.Scopes.Present = scopes[secrets_store.StoreSecretDuplicateParamsScope](scopeList), true
	s, err := c.service.Stores.Secrets.Duplicate(ctx, storeID, id, params)
	if err != nil {
		c.updateListing(err, nil)
		return versions.StoreSecret{}, c.wrap(err, "Duplicating "+name+" to", storeID, newName)
	}
	out := storeSecret(s.ID, s.Name, s.Comment, scopeStrings(s.Scopes), s.Created, s.Modified)
	c.updateListing(nil, []versions.StoreSecret{out})
	return out, nil
}

// Delete deletes secrets: one request whatever their number. A secret that is
// already gone is not an error.
func (c *Client) Delete(ctx context.Context, secrets []versions.StoreSecret) error {
	if len(secrets) == 0 {
		return nil
	}
	storeID, err := c.StoreID(ctx)
	if err != nil {
		return err
	}
	if len(secrets) == 1 {
		var params secrets_store.StoreSecretDeleteParams
		params.AccountID.Value, params.AccountID.Present = c.accountID, true
		_, err := c.service.Stores.Secrets.Delete(ctx, storeID, secrets[0].ID, params)
		err = c.wrap(err, "Deleting", storeID, secrets[0].Name)
		if errors.Is(err, ErrNotFound) {
			err = nil
		}
		c.updateListing(err, nil, secrets[0].ID)
		return err
	}
	ids := make([]string, len(secrets))
	names := ""
	for i, s := range secrets {
		ids[i] = s.ID
		if i > 0 {
			names += ", "
		}
		names += s.Name
	}
	// The SDK's BulkDelete sends no body; the API needs the ids.
	body, err := json.Marshal(map[string][]string{"ids": ids})
	if err != nil {
		return err
	}
	var params secrets_store.StoreSecretBulkDeleteParams
	params.AccountID.Value, params.AccountID.Present = c.accountID, true
	_, err = c.service.Stores.Secrets.BulkDelete(ctx, storeID, params, option.WithRequestBody("application/json", body))
	if err = c.wrap(err, "Deleting", storeID, names); errors.Is(err, ErrNotFound) {
		// Some were already gone: delete the rest one by one.
		for _, s := range secrets {
			if err := c.Delete(ctx, []versions.StoreSecret{s}); err != nil {
				return err
			}
		}
		return nil
	}
	c.updateListing(err, nil, ids...)
	return err
}

func storeSecret(id, name, comment string, scopeList []string, created, modified time.Time) versions.StoreSecret {
	return versions.StoreSecret{ID: id, Name: name, Comment: comment, Scopes: scopeList, Created: created.UTC(), Modified: modified.UTC()}
}

func scopeStrings[T ~string](in []T) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = string(s)
	}
	sort.Strings(out)
	return out
}

func scopes[T ~string](in []string) []T {
	out := make([]T, len(in))
	for i, s := range in {
		out[i] = T(s)
	}
	return out
}

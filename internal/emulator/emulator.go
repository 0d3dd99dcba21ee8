// Package emulator is a stateful, in-memory Cloudflare Secrets Store API: the
// twelve endpoints of the real service, its v4 envelope, limits and errors,
// plus hooks that tests use to move time, count requests and inject faults.
//
// It never keeps a secret value: it keeps a digest keyed with a random key
// of the process, enough to copy a value on duplicate and to let tests check
// what was written, and it never logs request bodies. Neither the key nor
// the digests are saved in the state file, so a restarted emulator knows
// its secrets but not their values.
package emulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/clock"
)

// Limits of the real service.
const (
	DefaultSecretQuota = 100
	MaxValueBytes      = 65536
	MaxPerPage         = 100
	DefaultPerPage     = 20
	DefaultStoreName   = "default_secrets_store"
	maxBodyBytes       = 8 << 20
	maxSecretName      = 255
)

// Options configure a Server.
type Options struct {
	// Token is the API token requests must carry. Empty accepts any
	// non-empty credential.
	Token string
	// Clock stamps created and modified times; the wall clock when nil.
	Clock clock.Clock
	// SecretQuota is the number of secrets an account may hold.
	SecretQuota int
	// StatePath, when set, persists the store so that a restarted emulator
	// keeps its secrets: their metadata and value sizes, nothing derived from
	// a value. Loaded secrets hold values the emulator cannot check.
	StatePath string
	// OnRequest, when set, sees each request as the request log keeps it.
	OnRequest func(Request)
}

// Server is the emulated API. Use Handler to serve it, or Start for an
// httptest server on 127.0.0.1.
type Server struct {
	opts Options
	key  []byte

	mu       sync.Mutex
	accounts map[string]*account
	seq      int
	latency  time.Duration
	faults   []*Fault
	requests []Request
	counts   map[string]int
}

type account struct {
	Stores map[string]*store `json:"stores"`
	Quota  int               `json:"quota"`
}

type store struct {
	ID       string             `json:"id"`
	Name     string             `json:"name"`
	Created  time.Time          `json:"created"`
	Modified time.Time          `json:"modified"`
	Secrets  map[string]*secret `json:"secrets"`
}

type secret struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Comment  string    `json:"comment"`
	Scopes   []string  `json:"scopes"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	Digest   string    `json:"-"` // "" when loaded from a state file: the value is unknown
	Size     int       `json:"size"`
	Seq      int       `json:"seq"`
}

// Request is one entry of the request log: never a body, never a header.
type Request struct {
	Method string
	Path   string
	Route  string
	Status int
}

// New returns an emulator. It loads opts.StatePath when the file exists.
func New(opts Options) (*Server, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.SecretQuota == 0 {
		opts.SecretQuota = DefaultSecretQuota
	}
	s := &Server{opts: opts, accounts: map[string]*account{}, counts: map[string]int{}}
	s.key = make([]byte, 32)
	if _, err := rand.Read(s.key); err != nil {
		return nil, err
	}
	if opts.StatePath != "" {
		if err := s.load(); err != nil {
			return nil, err
		}
		// Writing now finds a path that cannot be saved to before any
		// client is told a write succeeded.
		if err := s.persist(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Start serves a new emulator on 127.0.0.1 for the life of the test.
func Start(t interface {
	Cleanup(func())
	Fatalf(string, ...any)
}, opts Options) (*Server, string) {
	s, err := New(opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
		// A testing.T's Fatalf does not return; another implementation's may.
		return nil, ""
	}
	srv := httptest.NewUnstartedServer(s.Handler())
	srv.Config = s.HTTPServer()
	srv.Start()
	t.Cleanup(srv.Close)
	return s, srv.URL + "/client/v4"
}

// Timeouts of the emulator's HTTP server.
const (
	readHeaderTimeout = 10 * time.Second
	// readTimeout bounds a whole request: ample for the largest body
	// over a local connection.
	readTimeout = 60 * time.Second
	// idleTimeout is set because without it net/http would close idle
	// keep-alive connections after readTimeout.
	idleTimeout = 2 * time.Minute
)

// HTTPServer returns an http.Server for the emulator, with read timeouts so
// that a client that stalls loses its connection rather than keeping it.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{Handler: s.Handler(), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, IdleTimeout: idleTimeout}
}

func (s *Server) now() time.Time {
	return s.opts.Clock.Now().UTC().Truncate(time.Microsecond)
}

func (s *Server) newID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func (s *Server) digest(value string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(value))
	return hex.EncodeToString(mac.Sum(nil))
}

// account returns the account, creating it with its one store on first use,
// as the dashboard does.
func (s *Server) account(id string) *account {
	a, ok := s.accounts[id]
	if !ok {
		now := s.now()
		st := &store{ID: s.newID(), Name: DefaultStoreName, Created: now, Modified: now, Secrets: map[string]*secret{}}
		a = &account{Stores: map[string]*store{st.ID: st}, Quota: s.opts.SecretQuota}
		s.accounts[id] = a
	}
	return a
}

func (a *account) usage() int {
	n := 0
	for _, st := range a.Stores {
		n += len(st.Secrets)
	}
	return n
}

// SetLatency delays every response by d, to model a distant API.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetQuota changes the secret quota of an account.
func (s *Server) SetQuota(accountID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account(accountID).Quota = n
}

// Requests returns the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests matched route (for example
// "PATCH /secrets/{id}"), or all requests when route is empty.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if route == "" {
		return len(s.requests)
	}
	return s.counts[route]
}

// ResetCounters clears the request log and counters.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
	s.counts = map[string]int{}
}

// SecretView is what tests may see of a stored secret.
type SecretView struct {
	ID        string
	StoreID   string
	Name      string
	Comment   string
	Scopes    []string
	Created   time.Time
	Modified  time.Time
	ValueSize int
}

// Secrets lists the secrets of an account, by name.
func (s *Server) Secrets(accountID string) []SecretView {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SecretView
	for _, st := range s.account(accountID).Stores {
		for _, sec := range st.Secrets {
			out = append(out, SecretView{ID: sec.ID, StoreID: st.ID, Name: sec.Name, Comment: sec.Comment,
				Scopes: append([]string(nil), sec.Scopes...), Created: sec.Created, Modified: sec.Modified, ValueSize: sec.Size})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Secret returns the secret called name, if any.
func (s *Server) Secret(accountID, name string) (SecretView, bool) {
	for _, v := range s.Secrets(accountID) {
		if v.Name == name {
			return v, true
		}
	}
	return SecretView{}, false
}

// ValueEquals reports, in constant time, whether the secret called name holds
// candidate. It is false for a secret loaded from a state file, whose value
// the emulator does not know.
func (s *Server) ValueEquals(accountID, name, candidate string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.find(accountID, name)
	return sec != nil && hmac.Equal([]byte(sec.Digest), []byte(s.digest(candidate)))
}

// SameValue reports whether two secrets hold the same value. It is false
// when either value is unknown, as after loading a state file.
func (s *Server) SameValue(accountID, a, b string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, y := s.find(accountID, a), s.find(accountID, b)
	return x != nil && y != nil && x.Digest != "" && hmac.Equal([]byte(x.Digest), []byte(y.Digest))
}

// Put writes a secret directly, as an outside flow or another tool would:
// it creates the secret or overwrites its value and comment.
func (s *Server) Put(accountID, name, value, comment string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if sec := s.find(accountID, name); sec != nil {
		sec.Digest, sec.Size, sec.Comment, sec.Modified = s.digest(value), len(value), comment, now
		return
	}
	for _, st := range s.account(accountID).Stores {
		s.seq++
		sec := &secret{ID: s.newID(), Name: name, Comment: comment, Scopes: []string{"workers"}, Created: now, Modified: now,
			Digest: s.digest(value), Size: len(value), Seq: s.seq}
		st.Secrets[sec.ID] = sec
		return
	}
}

// Remove deletes the secret called name, as an out-of-band deletion would.
func (s *Server) Remove(accountID, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.account(accountID).Stores {
		for id, sec := range st.Secrets {
			if sec.Name == name {
				delete(st.Secrets, id)
				return true
			}
		}
	}
	return false
}

func (s *Server) find(accountID, name string) *secret {
	for _, st := range s.account(accountID).Stores {
		if sec := st.byName(name); sec != nil {
			return sec
		}
	}
	return nil
}

// Handler serves the API.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rt, params := route(r.Method, r.URL.Path)
	rec := &statusRecorder{ResponseWriter: w}
	defer s.logRequest(r, rt.name, rec)
	// net/http answers a panic by closing the connection; a client of the
	// emulator is owed a v4 answer to every request, even one that finds a
	// bug. Every lock is released by a defer, so a panic leaves none held.
	defer func() {
		if recover() != nil && rec.status == 0 {
			writeError(rec, http.StatusInternalServerError, 10002, "Internal server error")
		}
	}()

	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency > 0 {
		time.Sleep(latency)
	}

	if !authorized(r, s.opts.Token) {
		writeError(rec, http.StatusForbidden, 10000, "Authentication error")
		return
	}
	if rt.handle == nil {
		if rt.name == routeWrongMethod {
			writeError(rec, http.StatusMethodNotAllowed, 7001, "Method not allowed for this route")
			return
		}
		writeError(rec, http.StatusNotFound, 7003, "No route for the URI")
		return
	}
	// The whole body is read before the store is locked, so that a client
	// sending it slowly delays only itself; it is also whole however the
	// client ends the connection while a delay fault holds the answer.
	body, err := io.ReadAll(http.MaxBytesReader(rec, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(rec, http.StatusRequestEntityTooLarge, 1007, "request body is too large")
			return
		}
		writeError(rec, http.StatusBadRequest, 1000, "Could not read the request body")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	fault := s.takeFault(rt.name)
	if fault != nil && fault.Delay > 0 {
		time.Sleep(fault.Delay)
		if fault.Status == 0 {
			fault = nil
		}
	}
	if fault != nil && !fault.AfterCommit {
		fault.write(rec)
		return
	}
	if fault != nil {
		// The write happens, then the client is told it failed, as when a
		// connection drops after the server committed.
		s.commit(rt, r, params)
		fault.write(rec)
		return
	}
	s.commit(rt, r, params).send(rec)
}

// commit runs a handler under the lock and saves the state it leaves. The
// answer is kept in memory and sent by the caller once the lock is released,
// so that a client slow to read it cannot hold the store either.
func (s *Server) commit(rt routeEntry, r *http.Request, p params) *response {
	s.mu.Lock()
	defer s.mu.Unlock()
	res := &response{header: http.Header{}}
	rt.handle(s, res, r, p)
	if r.Method == http.MethodGet || res.status >= 400 {
		return res
	}
	if err := s.persist(); err != nil {
		// The change stays in memory but is not saved: as with any 5xx, the
		// client cannot tell whether the write happened, which is the truth.
		res = &response{header: http.Header{}}
		writeError(res, http.StatusInternalServerError, 10002, "Internal server error: the emulator could not save its state file")
	}
	return res
}

func (s *Server) logRequest(r *http.Request, route string, rec *statusRecorder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	entry := Request{Method: r.Method, Path: r.URL.Path, Route: route, Status: rec.status}
	s.requests = append(s.requests, entry)
	s.counts[route]++
	if s.opts.OnRequest != nil {
		s.opts.OnRequest(entry)
	}
}

func authorized(r *http.Request, token string) bool {
	bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if ok && bearer != "" {
		return token == "" || hmac.Equal([]byte(bearer), []byte(token))
	}
	// The legacy global API key is accepted with any email.
	key := r.Header.Get("X-Auth-Key")
	return r.Header.Get("X-Auth-Email") != "" && key != "" && (token == "" || hmac.Equal([]byte(key), []byte(token)))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// response is an answer held in memory until it is sent.
type response struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *response) Header() http.Header         { return r.header }
func (r *response) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *response) WriteHeader(code int)        { r.status = code }

func (r *response) send(w http.ResponseWriter) {
	maps.Copy(w.Header(), r.header)
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes())
}

// Fingerprint returns a keyed digest of the value of the secret called name,
// or "" when there is none or its value is unknown (loaded from a state
// file). The key is the process's own, so a fingerprint means nothing
// outside it: tests compare fingerprints across steps to see
// that a value was kept or changed without ever handling it.
func (s *Server) Fingerprint(accountID, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sec := s.find(accountID, name); sec != nil {
		return sec.Digest
	}
	return ""
}

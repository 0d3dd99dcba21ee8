package rotation

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// fakeStore is a Secrets Store in memory, for the pipeline's tests. Like
// the emulator it keeps no value: each secret holds a digest keyed with a
// key that never leaves the store, which tells which value it holds and
// nothing else.
type fakeStore struct {
	key     []byte
	now     time.Time
	seq     int
	secrets []*fakeSecret
	limit   int
	faults  []*fault
	calls   map[string]int
	// cancel is the caller's cancellation, which a fault's interrupt calls
	// while a request is in flight, as a signal does.
	cancel context.CancelFunc
	// cut lists the requests that ran on a cancelled context, which a step
	// must never do: a request cut short may leave its step half-done.
	cut []string
}

type fakeSecret struct {
	versions.StoreSecret
	holds string
}

// fault changes the nth call of op, counting from 1.
type fault struct {
	op  string
	nth int
	// arrive runs as the request arrives, as another writer would.
	arrive func(*fakeStore)
	// commit carries the request out before err is returned, as when its
	// answer is lost.
	commit bool
	err    error
	// interrupt cancels the caller's context while the request is in
	// flight; the request itself goes on.
	interrupt bool
}

var errInjected = errors.New("injected failure")

func newFakeStore(now time.Time) *fakeStore {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err)
	}
	return &fakeStore{key: key, now: now, limit: 100, calls: map[string]int{}}
}

// digest identifies value without keeping it.
func (s *fakeStore) digest(value string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// put adds a secret holding value, as a test's setup.
func (s *fakeStore) put(name, value string, meta versions.Meta, created time.Time) {
	s.seq++
	s.secrets = append(s.secrets, &fakeSecret{StoreSecret: versions.StoreSecret{ID: fmt.Sprintf("id%d", s.seq), Name: name, Comment: versions.Encode(meta),
		Scopes: []string{"workers"}, Created: created, Modified: created}, holds: s.digest(value)})
}

func (s *fakeStore) byName(name string) *fakeSecret {
	for _, sec := range s.secrets {
		if sec.Name == name {
			return sec
		}
	}
	return nil
}

// holds reports whether the secret name exists and holds value.
func (s *fakeStore) holds(name, value string) bool {
	sec := s.byName(name)
	return sec != nil && sec.holds == s.digest(value)
}

func (s *fakeStore) names() []string {
	var out []string
	for _, sec := range s.secrets {
		out = append(out, sec.Name)
	}
	slices.Sort(out)
	return out
}

func (s *fakeStore) listing() []versions.StoreSecret {
	var out []versions.StoreSecret
	for _, sec := range s.secrets {
		out = append(out, sec.StoreSecret)
	}
	return out
}

// writes counts the requests that change the store.
func (s *fakeStore) writes() int {
	return s.calls["Duplicate"] + s.calls["Patch"] + s.calls["Delete"]
}

// request counts a call of op and plays its fault, if any: it returns
// whether to carry the request out and the error to answer with.
func (s *fakeStore) request(ctx context.Context, op string) (carryOut bool, after func() error) {
	s.calls[op]++
	var f *fault
	for _, candidate := range s.faults {
		if candidate.op == op && candidate.nth == s.calls[op] {
			f = candidate
		}
	}
	done := func() error {
		if ctx.Err() != nil {
			s.cut = append(s.cut, op)
			return ctx.Err()
		}
		return nil
	}
	if ctx.Err() != nil {
		return false, done
	}
	if f == nil {
		return true, done
	}
	if f.arrive != nil {
		f.arrive(s)
	}
	if f.interrupt {
		s.cancel()
	}
	if f.err != nil {
		return f.commit, func() error { return f.err }
	}
	return true, done
}

func (s *fakeStore) AccountID() string { return "0123456789abcdef0123456789abcdef" }

func (s *fakeStore) List(ctx context.Context) ([]versions.StoreSecret, error) {
	_, answer := s.request(ctx, "List")
	if err := answer(); err != nil {
		return nil, err
	}
	return s.listing(), nil
}

func (s *fakeStore) ReadFamily(ctx context.Context, namespace, name string) (versions.Family, error) {
	_, answer := s.request(ctx, "ReadFamily")
	if err := answer(); err != nil {
		return versions.Family{}, err
	}
	return versions.Collect(namespace, name, s.listing()), nil
}

func (s *fakeStore) QuotaLimit(ctx context.Context) (int, error) {
	_, answer := s.request(ctx, "QuotaLimit")
	if err := answer(); err != nil {
		return 0, err
	}
	return s.limit, nil
}

func (s *fakeStore) Duplicate(ctx context.Context, id, _, newName, comment string, scopes []string) (versions.StoreSecret, error) {
	carryOut, answer := s.request(ctx, "Duplicate")
	var made versions.StoreSecret
	if carryOut {
		if s.byName(newName) != nil {
			return versions.StoreSecret{}, fmt.Errorf("duplicating to %q: %w", newName, client.ErrConflict)
		}
		var src *fakeSecret
		for _, sec := range s.secrets {
			if sec.ID == id {
				src = sec
			}
		}
		if src == nil {
			return versions.StoreSecret{}, fmt.Errorf("duplicating %s: %w", id, client.ErrNotFound)
		}
		s.seq++
		s.now = s.now.Add(time.Microsecond)
		made = versions.StoreSecret{ID: fmt.Sprintf("id%d", s.seq), Name: newName, Comment: comment, Scopes: scopes, Created: s.now, Modified: s.now}
		s.secrets = append(s.secrets, &fakeSecret{StoreSecret: made, holds: src.holds})
	}
	if err := answer(); err != nil {
		return versions.StoreSecret{}, err
	}
	return made, nil
}

func (s *fakeStore) Patch(ctx context.Context, id, name string, p client.Patch) (versions.StoreSecret, error) {
	carryOut, answer := s.request(ctx, "Patch")
	var out versions.StoreSecret
	if carryOut {
		var sec *fakeSecret
		for _, candidate := range s.secrets {
			if candidate.ID == id {
				sec = candidate
			}
		}
		if sec == nil {
			return versions.StoreSecret{}, fmt.Errorf("patching %q: %w", name, client.ErrNotFound)
		}
		if p.Value != nil {
			sec.holds = s.digest(*p.Value)
		}
		if p.Comment != nil {
			sec.Comment = *p.Comment
		}
		if p.Scopes != nil {
			sec.Scopes = p.Scopes
		}
		s.now = s.now.Add(time.Microsecond)
		sec.Modified = s.now
		out = sec.StoreSecret
	}
	if err := answer(); err != nil {
		return versions.StoreSecret{}, err
	}
	return out, nil
}

// Delete deletes secrets; one already gone is not an error, as with the
// client.
func (s *fakeStore) Delete(ctx context.Context, secrets []versions.StoreSecret) error {
	if len(secrets) == 0 {
		return nil
	}
	carryOut, answer := s.request(ctx, "Delete")
	if carryOut {
		s.secrets = slices.DeleteFunc(s.secrets, func(sec *fakeSecret) bool {
			return slices.ContainsFunc(secrets, func(d versions.StoreSecret) bool { return d.ID == sec.ID })
		})
	}
	return answer()
}

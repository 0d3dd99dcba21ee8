package main

import (
	"context"
	"sync"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var _ providerdata.Store = (*perSecretStore)(nil)

// perSecretStore is the benchmarks' baseline: it reads each secret with a
// search request of its own, as providers without a shared listing do, and
// keeps what it read until the next write.
type perSecretStore struct {
	*client.Client

	mu    sync.Mutex
	found map[string][]versions.StoreSecret
}

func newPerSecretStore(c *client.Client) *perSecretStore {
	return &perSecretStore{Client: c}
}

func (s *perSecretStore) Family(ctx context.Context, namespace, name string) (versions.Family, error) {
	storeName := versions.CurrentName(namespace, name)
	s.mu.Lock()
	found, ok := s.found[storeName]
	s.mu.Unlock()
	if !ok {
		var err error
		if found, err = s.Find(ctx, storeName); err != nil {
			return versions.Family{}, err
		}
		s.mu.Lock()
		if s.found == nil {
			s.found = map[string][]versions.StoreSecret{}
		}
		s.found[storeName] = found
		s.mu.Unlock()
	}
	return versions.Collect(namespace, name, found), nil
}

func (s *perSecretStore) Create(ctx context.Context, secrets []client.NewSecret) ([]versions.StoreSecret, error) {
	defer s.forget()
	return s.Client.Create(ctx, secrets)
}

func (s *perSecretStore) Patch(ctx context.Context, id, name string, p client.Patch) (versions.StoreSecret, error) {
	defer s.forget()
	return s.Client.Patch(ctx, id, name, p)
}

func (s *perSecretStore) Duplicate(ctx context.Context, id, name, newName, comment string, scopes []string) (versions.StoreSecret, error) {
	defer s.forget()
	return s.Client.Duplicate(ctx, id, name, newName, comment, scopes)
}

func (s *perSecretStore) Delete(ctx context.Context, secrets []versions.StoreSecret) error {
	defer s.forget()
	return s.Client.Delete(ctx, secrets)
}

// forget drops what was read: after a write it may be stale.
func (s *perSecretStore) forget() {
	s.mu.Lock()
	s.found = nil
	s.mu.Unlock()
}

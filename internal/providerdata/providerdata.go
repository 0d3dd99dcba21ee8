// Package providerdata holds what the provider hands to its resources and
// data sources, so that they need not import the provider package.
package providerdata

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Data is the configured provider as its types see it.
type Data struct {
	Store Store
	Clock clock.Clock
	// Namespace is the default namespace of secrets that set none.
	Namespace string
	// Changes are the secrets whose change Terraform has planned and not
	// yet applied, for the actions to stay clear of.
	Changes Changes
}

// Store is the Secrets Store as resources and data sources use it. The
// provider serves *client.Client; the benchmarks wrap it to compare other
// ways of reading the store.
type Store interface {
	AccountID() string
	StoreID(ctx context.Context) (string, error)
	List(ctx context.Context) ([]versions.StoreSecret, error)
	Family(ctx context.Context, namespace, name string) (versions.Family, error)
	ReadFamily(ctx context.Context, namespace, name string) (versions.Family, error)
	Reserve(ctx context.Context, name string) ([]versions.StoreSecret, int, error)
	QuotaLimit(ctx context.Context) (int, error)
	Create(ctx context.Context, secrets []client.NewSecret) ([]versions.StoreSecret, error)
	Patch(ctx context.Context, id, name string, p client.Patch) (versions.StoreSecret, error)
	Duplicate(ctx context.Context, id, name, newName, comment string, scopes []string) (versions.StoreSecret, error)
	Delete(ctx context.Context, secrets []versions.StoreSecret) error
}

var _ Store = (*client.Client)(nil)

// From is the provider data handed to a type's Configure, or nil before the
// provider is configured. Any other value is a bug, reported on diags.
func From(providerData any, typeKind string, diags *diag.Diagnostics) *Data {
	if providerData == nil {
		return nil
	}
	data, ok := providerData.(*Data)
	if !ok {
		diags.AddError("Unexpected "+typeKind+" Configure Type",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is always a bug in the provider. Please report it to the provider developers.", providerData))
	}
	return data
}

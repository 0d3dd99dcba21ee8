// Package providerdata holds what the provider hands to its resources and
// data sources, so that they need not import the provider package.
package providerdata

import (
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
)

// Data is the configured provider as its types see it.
type Data struct {
	Client *client.Client
	Clock  clock.Clock
	// Namespace is the default namespace of secrets that set none.
	Namespace string
}

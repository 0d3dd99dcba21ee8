package acctest

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Sweep deletes what acceptance tests left in a store: store secrets that
// carry the Layeron marker and belong to a test namespace. Nothing else is
// touched.
func Sweep(ctx context.Context, c *client.Client) (int, error) {
	listing, err := c.List(ctx)
	if err != nil {
		return 0, err
	}
	var doomed []versions.StoreSecret
	for _, s := range listing {
		meta, err := versions.Decode(s.Comment)
		if err != nil || !strings.HasPrefix(meta.Namespace, NamespacePrefix) || !strings.HasPrefix(s.Name, meta.Namespace+"--") {
			continue
		}
		doomed = append(doomed, s)
	}
	return len(doomed), c.Delete(ctx, doomed)
}

// SweepLive runs Sweep on the live account from the environment; it is what
// `go test -sweep=all` calls.
func SweepLive(string) error {
	token, account := os.Getenv(settings.EnvAPIToken), os.Getenv(settings.EnvAccountID)
	if token == "" || account == "" {
		return fmt.Errorf("sweeping needs %s and %s", settings.EnvAPIToken, settings.EnvAccountID)
	}
	c := client.New(client.Config{APIToken: token, AccountID: account, StoreID: os.Getenv(settings.EnvStoreID), BaseURL: os.Getenv(settings.EnvBaseURL), MaxRetries: 4})
	n, err := Sweep(context.Background(), c)
	fmt.Printf("swept %d store secrets\n", n)
	return err
}

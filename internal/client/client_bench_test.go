package client_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v7/option"
	"github.com/cloudflare/cloudflare-go/v7/secrets_store"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
)

// terraformParallelism is how many resources Terraform works on at once.
const terraformParallelism = 10

// BenchmarkRefresh is the reading half of a plan: n resources read their
// secret at once, 10 at a time, each through a new client as in a new
// provider process, against a store that answers after 20 ms. The
// provider's shared listing is compared with the usual one GET per resource;
// both know the store id, as with store_id set.
func BenchmarkRefresh(b *testing.B) {
	for _, n := range []int{10, 50, 90} {
		emu, url := emulator.Start(b, emulator.Options{Token: "t"})
		c := client.New(client.Config{APIToken: "t", AccountID: account, BaseURL: url})
		var in []client.NewSecret
		for i := range n {
			in = append(in, client.NewSecret{Name: fmt.Sprintf("s%03d", i), Value: "v", Scopes: []string{"workers"}})
		}
		made, err := c.Create(context.Background(), in)
		if err != nil {
			b.Fatal(err)
		}
		storeID, _ := c.StoreID(context.Background())
		emu.SetLatency(20 * time.Millisecond)

		// readAll runs b.N refreshes; start returns the reader of one.
		readAll := func(b *testing.B, start func() func(ctx context.Context, i int) error) {
			emu.ResetCounters()
			b.ResetTimer()
			for range b.N {
				read := start()
				sem := make(chan struct{}, terraformParallelism)
				var wg sync.WaitGroup
				for i := range n {
					wg.Add(1)
					sem <- struct{}{}
					go func() {
						defer func() { <-sem; wg.Done() }()
						if err := read(context.Background(), i); err != nil {
							b.Error(err)
						}
					}()
				}
				wg.Wait()
			}
			b.StopTimer()
			b.ReportMetric(float64(emu.Count(""))/float64(b.N), "requests/op")
		}

		b.Run(fmt.Sprintf("secrets=%d/shared-listing", n), func(b *testing.B) {
			readAll(b, func() func(context.Context, int) error {
				fresh := client.New(client.Config{APIToken: "t", AccountID: account, StoreID: storeID, BaseURL: url})
				return func(ctx context.Context, _ int) error {
					_, err := fresh.List(ctx)
					return err
				}
			})
		})
		b.Run(fmt.Sprintf("secrets=%d/get-per-secret", n), func(b *testing.B) {
			service := secrets_store.NewSecretsStoreService(option.WithBaseURL(url), option.WithAPIToken("t"), option.WithMaxRetries(0))
			readAll(b, func() func(context.Context, int) error {
				return func(ctx context.Context, i int) error {
					var params secrets_store.StoreSecretGetParams
					params.AccountID.Value, params.AccountID.Present = account, true
					_, err := service.Stores.Secrets.Get(ctx, storeID, made[i].ID, params)
					return err
				}
			})
		})
	}
}

// Command benchprovider is the provider as the benchmarks run it: a process
// of its own per CLI command, as Terraform runs providers, which on exit
// records its peak resident memory. LAYERON_BENCH_READ_EACH=1 selects the
// baseline that reads each secret with a request of its own;
// LAYERON_BENCH_ADDRESS is the provider address the configuration uses.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
)

func main() {
	opts := provider.Options{Clock: clock.Real{}, ReadEachSecret: os.Getenv("LAYERON_BENCH_READ_EACH") == "1"}
	err := providerserver.Serve(context.Background(), provider.NewWithOptions("bench", opts), providerserver.ServeOpts{
		Address: os.Getenv("LAYERON_BENCH_ADDRESS"),
	})
	if err != nil {
		log.Fatal(err)
	}
	if path := os.Getenv("LAYERON_BENCH_RSS_FILE"); path != "" {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			log.Fatal(err)
		}
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := fmt.Fprintln(f, ru.Maxrss); err != nil { // kilobytes on Linux
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

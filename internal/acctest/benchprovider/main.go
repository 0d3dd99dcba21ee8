// Command benchprovider is the provider as the benchmarks run it: a process
// of its own per CLI command, as Terraform runs providers, which on exit
// records its peak resident memory. LAYERON_BENCH_READ_EACH=1 selects the
// baseline that reads each secret with a request of its own;
// LAYERON_BENCH_ADDRESS is the provider address the configuration uses.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
)

func main() {
	opts := provider.Options{Clock: clock.Real{}}
	if os.Getenv("LAYERON_BENCH_READ_EACH") == "1" {
		opts.WrapStore = func(c *client.Client) providerdata.Store { return newPerSecretStore(c) }
	}
	err := providerserver.Serve(context.Background(), provider.NewWithOptions("bench", opts), providerserver.ServeOpts{
		Address: os.Getenv("LAYERON_BENCH_ADDRESS"),
	})
	if err != nil {
		log.Fatal(err)
	}
	if path := os.Getenv("LAYERON_BENCH_RSS_FILE"); path != "" {
		peakKB, err := peakRSS()
		if err != nil {
			log.Fatal(err)
		}
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := fmt.Fprintln(f, peakKB); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}

// peakRSS is this process's peak resident memory in kilobytes. It is read
// from VmHWM rather than getrusage, whose maximum carries over the memory
// of Terraform's process that forked this one.
func peakRSS() (int, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, errors.New("no VmHWM in /proc/self/status")
}

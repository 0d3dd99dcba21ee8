package resources_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// benchLatency is how long the emulator waits before answering each
// request: about a round trip to the Cloudflare API, unless
// LAYERON_BENCH_LATENCY says otherwise (a Go duration such as 20ms).
func benchLatency(b *testing.B) time.Duration {
	s := os.Getenv("LAYERON_BENCH_LATENCY")
	if s == "" {
		return 50 * time.Millisecond
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		b.Fatalf("LAYERON_BENCH_LATENCY=%q: %v", s, err)
	}
	return d
}

// benchSizes are the numbers of secrets, LAYERON_BENCH_SIZES (such as
// "10,100") unless set.
func benchSizes(b *testing.B) []int {
	s := os.Getenv("LAYERON_BENCH_SIZES")
	if s == "" {
		return []int{10, 100, 1000}
	}
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		var n int
		if _, err := fmt.Sscan(f, &n); err != nil || n < 1 {
			b.Fatalf("LAYERON_BENCH_SIZES=%q: %q is not a number of secrets", s, f)
		}
		sizes = append(sizes, n)
	}
	return sizes
}

// benchConfig declares n random secrets. The provider's store_id is set, as
// the official provider's cloudflare_secrets_store_secret requires, so that
// the two are compared on the same requests.
func benchConfig(e *acctest.Env, storeID string, n int, reason string) string {
	return e.ConfigWith(fmt.Sprintf("  max_retries = 2\n  store_id    = %q", storeID), fmt.Sprintf(`
resource "layeron_secret" "test" {
  count             = %d
  name              = "key_${count.index}"
  kind              = "random"
  rotation_triggers = { reason = %q }
}
`, n, reason))
}

// peerBenchConfig declares the same n secrets with the official Cloudflare
// provider: cloudflare_secrets_store_secret with literal values, which it
// keeps in state; a new reason changes every value, as a rotation does.
func peerBenchConfig(e *acctest.Env, storeID string, n int, reason string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    cloudflare = { source = "cloudflare/cloudflare" }
  }
}

provider "cloudflare" {
  api_token = %q
  base_url  = %q
}

resource "cloudflare_secrets_store_secret" "test" {
  count      = %d
  account_id = %q
  store_id   = %q
  name       = "key_${count.index}"
  value      = "value-${count.index}-%s"
  scopes     = ["workers"]
}
`, e.Token, e.BaseURL, n, e.AccountID, storeID, reason)
}

// BenchmarkCLI runs the real CLI against the emulator for n random secrets:
// the first apply, a plan (refresh included) at the emulator's latency and
// at none, an apply that rotates every secret, and destroy. Each runs with
// the provider's shared listing and, as the baseline, with one request per
// secret read; with LAYERON_BENCH_PEER, the path of a built official
// Cloudflare provider, that provider runs the same ops in the same run.
// Metrics per op: requests, requests per secret, and the peak resident
// memory and CPU time of the provider, which runs as a process of its own
// per command as under Terraform.
func BenchmarkCLI(b *testing.B) {
	latency := benchLatency(b)
	modes := []benchMode{{name: "listing"}, {name: "get-per-secret", readEach: true}}
	if peer := os.Getenv("LAYERON_BENCH_PEER"); peer != "" {
		modes = append(modes, benchMode{name: "cloudflare", peer: peer})
	}
	for _, n := range benchSizes(b) {
		for _, mode := range modes {
			b.Run(fmt.Sprintf("secrets=%d/reads=%s", n, mode.name), func(b *testing.B) {
				benchCLI(b, n, latency, mode)
			})
		}
	}
}

// benchMode is the provider a benchmark runs: this one, reading each secret
// on its own when readEach is set, or the official provider built at peer.
type benchMode struct {
	name     string
	readEach bool
	peer     string
}

func benchCLI(b *testing.B, n int, latency time.Duration, mode benchMode) {
	e := acctest.New(b)
	e.NeedsEmulator(b)
	// Rotating keeps each current value as a copy for a moment, the lock
	// even under retention none, so a full account could not rotate.
	e.Emulator.SetQuota(e.AccountID, max(100, 2*n))
	usageFile := filepath.Join(b.TempDir(), "usage")
	config := benchConfig
	var w *acctest.Workspace
	if mode.peer != "" {
		config = peerBenchConfig
		w = e.PeerWorkspace(b, "cloudflare/cloudflare", mode.peer, usageFile)
	} else {
		w = e.ProcessWorkspace(b, mode.readEach, usageFile)
	}
	reason := 0
	store := e.StoreID(b)
	w.Write(b, config(e, store, n, "0"))
	stored := func(want int) {
		if got := len(e.Emulator.Secrets(e.AccountID)); got != want {
			b.Fatalf("the store holds %d secrets, want %d", got, want)
		}
	}

	// op measures run b.N times; prepare, untimed, readies each run.
	op := func(name string, opLatency time.Duration, prepare func(), run func()) {
		b.Run(name, func(b *testing.B) {
			requests, peakKB := 0, 0
			var providerCPU, cliCPU time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				prepare()
				e.Emulator.SetLatency(opLatency)
				before := e.Emulator.Count("")
				if err := os.Remove(usageFile); err != nil && !os.IsNotExist(err) {
					b.Fatal(err)
				}
				b.StartTimer()
				run()
				b.StopTimer()
				requests += e.Emulator.Count("") - before
				used := readUsage(b, usageFile)
				peakKB = max(peakKB, used.peakKB)
				providerCPU += used.cpu
				cliCPU += w.CPU - used.cpu
				e.Emulator.SetLatency(0)
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(float64(requests)/float64(b.N)/float64(n), "requests/secret")
			b.ReportMetric(float64(peakKB)/1024, "provider-peak-MB")
			perOp := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(perOp(providerCPU), "provider-cpu-ms/op")
			b.ReportMetric(perOp(providerCPU)/float64(n), "provider-cpu-ms/secret")
			b.ReportMetric(perOp(cliCPU), "terraform-cpu-ms/op")
		})
	}
	apply := func() { w.MustRun(b, "apply") }
	destroy := func() { w.MustRun(b, "destroy") }
	plan := func() {
		if out := w.MustRun(b, "plan"); !strings.Contains(out, "No changes.") {
			b.Fatalf("plan after apply is not empty:\n%s", out)
		}
	}
	noop := func() {}

	// Each op starts from what it needs, not from its iteration number: the
	// testing package runs an op once before its b.N runs, and an apply
	// that found the secrets already there would be timed as a create.
	holds := func() bool { return len(e.Emulator.Secrets(e.AccountID)) > 0 }
	op("apply", latency, func() {
		if holds() {
			destroy()
		}
	}, func() { apply(); stored(n) })
	op("plan", latency, noop, plan)
	op("plan-no-latency", 0, noop, plan)
	op("rotate", latency, func() {
		reason++
		w.Write(b, config(e, store, n, fmt.Sprint(reason)))
	}, func() { apply(); stored(n) })
	op("destroy", latency, func() {
		if !holds() {
			apply()
		}
	}, func() { destroy(); stored(0) })
}

// usage is what the provider processes of one command recorded: the
// largest peak memory, and their CPU time together.
type usage struct {
	peakKB int
	cpu    time.Duration
}

func readUsage(b *testing.B, usageFile string) usage {
	data, err := os.ReadFile(usageFile)
	if err != nil {
		b.Fatalf("the provider recorded no usage: %v", err)
	}
	var u usage
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var kb, micros int64
		if _, err := fmt.Sscan(line, &kb, &micros); err != nil {
			b.Fatalf("%s: %q: %v", usageFile, line, err)
		}
		u.peakKB = max(u.peakKB, int(kb))
		u.cpu += time.Duration(micros) * time.Microsecond
	}
	return u
}

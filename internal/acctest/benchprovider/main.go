// Command benchprovider is the provider as the benchmarks run it: a process
// of its own per CLI command, as Terraform runs providers, which on exit
// appends its peak resident memory and CPU time to LAYERON_BENCH_USAGE_FILE.
// LAYERON_BENCH_READ_EACH=1 selects the baseline that reads each secret with
// a request of its own; LAYERON_BENCH_ADDRESS is the provider address the
// configuration uses; LAYERON_BENCH_CPUPROFILE, a directory, receives a CPU
// profile of each process.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
)

func main() {
	if dir := os.Getenv("LAYERON_BENCH_CPUPROFILE"); dir != "" {
		stop, err := profileCPU(dir)
		if err != nil {
			log.Fatal(err)
		}
		defer stop()
	}
	provider.SilenceUnreadLogs()
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
	if path := os.Getenv("LAYERON_BENCH_USAGE_FILE"); path != "" {
		if err := recordUsage(path); err != nil {
			log.Fatal(err)
		}
	}
}

// recordUsage appends this process's peak memory in kilobytes and its CPU
// time, user and system, in microseconds.
func recordUsage(path string) error {
	peakKB, err := peakRSS()
	if err != nil {
		return err
	}
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		return err
	}
	cpu := time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, peakKB, cpu.Microseconds()); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// profileCPU writes a CPU profile of this process into dir until stop.
func profileCPU(dir string) (stop func(), err error) {
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
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

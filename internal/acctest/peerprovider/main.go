// Command peerprovider runs another provider's binary, named by
// LAYERON_BENCH_PEER, as Terraform would run it, so that the benchmarks can
// hold the provider against it in the same run: when that process exits, it
// appends the process's peak resident memory and CPU time, user and system,
// to LAYERON_BENCH_USAGE_FILE, as benchprovider does for this provider.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

func main() {
	peer := exec.Command(os.Getenv("LAYERON_BENCH_PEER"), os.Args[1:]...)
	peer.Stdin, peer.Stdout, peer.Stderr = os.Stdin, os.Stdout, os.Stderr
	// Terraform's interrupt reaches the peer as it would reach it unwrapped.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	if err := peer.Start(); err != nil {
		log.Fatal(err)
	}
	go func() {
		for s := range signals {
			_ = peer.Process.Signal(s)
		}
	}()
	_ = peer.Wait()
	if err := recordUsage(os.Getenv("LAYERON_BENCH_USAGE_FILE"), peer.ProcessState); err != nil {
		log.Fatal(err)
	}
	os.Exit(peer.ProcessState.ExitCode())
}

// recordUsage appends the exited process's peak memory in kilobytes and its
// CPU time in microseconds. Its peak is its own: it was started with exec,
// not forked from a large process.
func recordUsage(path string, state *os.ProcessState) error {
	usage, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no resource usage for the peer process")
	}
	cpu := state.UserTime() + state.SystemTime()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, usage.Maxrss, cpu.Microseconds()); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

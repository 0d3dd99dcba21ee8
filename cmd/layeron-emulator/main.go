// Command layeron-emulator serves the Secrets Store emulator on 127.0.0.1,
// for the demo and for testing Terraform modules offline.
//
//	layeron-emulator -port 8787 -token dev-token [-state emulator.json] [-latency 50ms]
//
// Point the provider at it with base_url = "http://127.0.0.1:8787/client/v4".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// run serves until ctx is done; it returns an error when the emulator
// cannot start, before it listens.
func run(ctx context.Context, args []string, logOut io.Writer) error {
	flags := flag.NewFlagSet("layeron-emulator", flag.ContinueOnError)
	flags.SetOutput(logOut)
	port := flags.Int("port", 8787, "TCP port on 127.0.0.1; 0 picks a free one")
	token := flags.String("token", "", "API token clients must send; empty accepts any")
	state := flags.String("state", "", "file that keeps the store between runs: metadata and value sizes, nothing derived from a value")
	quota := flags.Int("quota", emulator.DefaultSecretQuota, "secrets per account")
	urlFile := flags.String("url-file", "", "write the base URL to this file once listening")
	latency := flags.Duration("latency", 0, "delay every response by this much, as a round trip to the Cloudflare API would (for example 50ms)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	logger := log.New(logOut, "", log.LstdFlags)

	// Only the route and status are logged: never a header or a body, and no
	// client-chosen text.
	logRequest := func(r emulator.Request) { logger.Printf("%s %d", r.Route, r.Status) }
	emu, err := emulator.New(emulator.Options{Token: *token, StatePath: *state, SecretQuota: *quota, OnRequest: logRequest})
	if err != nil {
		return fmt.Errorf("starting the emulator: %w", err)
	}
	emu.SetLatency(*latency)
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	baseURL := fmt.Sprintf("http://%s/client/v4", ln.Addr())
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(baseURL+"\n"), 0o600); err != nil {
			_ = ln.Close()
			return fmt.Errorf("writing %s: %w", *urlFile, err)
		}
	}
	logger.Printf("Secrets Store emulator listening on %s", baseURL)

	srv := emu.HTTPServer()
	go func() {
		<-ctx.Done()
		// ctx is done by now: the shutdown gets its own time.
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	return nil
}

// Command layeron fulfils generated Layeron secrets, rotates random ones,
// revokes retained versions, lists a store's secrets and a secret's
// versions, brings existing store secrets under Layeron and removes the
// lock an interrupted rotation left.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=...", as the
// release build does for the provider and this command alike.
var version = "dev"

func main() {
	// The first SIGINT or SIGTERM cancels ctx: a command finishes or undoes
	// the step it is in, says which, and exits 1. Once ctx is cancelled the
	// signals get their default handling back, so that a second one stops
	// the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Run(ctx, os.Args[1:], cli.Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Version: version})
	stop()
	os.Exit(code)
}

// Command layeron fulfils generated Layeron secrets, lists their versions
// and brings existing store secrets under Layeron.
package main

import (
	"context"
	"os"
	"os/signal"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now})
	stop()
	os.Exit(code)
}

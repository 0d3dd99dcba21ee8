// Package cli is the layeron command line: it fulfils generated secrets,
// lists a secret's versions, brings existing store secrets under Layeron
// and removes the lock an interrupted rotation left, with the version rules
// and the store client the provider uses. It never prints or logs a value.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// Exit codes a script can rely on.
const (
	ExitOK = 0
	// ExitFailed: the store failed, or refused what was asked.
	ExitFailed = 1
	// ExitUsage: the command line was wrong; nothing was sent.
	ExitUsage = 2
)

// Env is what a command reads from outside: the environment, standard
// input and output, and the clock.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
}

const usage = `Usage:
  layeron secret put [--random-bytes N] [--force] <namespace>/<name>
      Write a new version of a secret: the value is read from standard input,
      or made from N random bytes. The previous value is kept as the declared
      retention says. Interrupted (Ctrl-C, SIGTERM), it finishes or undoes
      the step it is in, says which, and exits 1; a second signal stops it
      at once.
  layeron secret versions [--json] <namespace>/<name>
      List a secret's versions (never their values).
  layeron secret adopt <store-secret-name> <namespace>/<name>
      Copy an existing store secret, server-side, into a Layeron generated
      secret's version 1. The original is left as it is.
  layeron secret unlock <namespace>/<name>
      Delete the copy that a put, apply or action killed between its copy and
      its write left behind, which refuses every rotation of the secret for
      15 minutes. It deletes the copy only when the current value was not
      written after the copy was made, so that nothing is lost. Run it only
      when no put, apply or action is writing the secret.

The store is the one the provider uses, from CLOUDFLARE_API_TOKEN,
CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_BASE_URL, LAYERON_STORE_ID and
LAYERON_NAMESPACE (the namespace of a name given without one).
`

// errUsage is a command line that cannot be run.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

// Run runs the command line args (without the program's name) and returns
// its exit code.
func Run(ctx context.Context, args []string, env Env) int {
	err := run(ctx, args, env)
	var bad errUsage
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		_, _ = fmt.Fprint(env.Stdout, usage)
		return ExitOK
	case errors.As(err, &bad):
		_, _ = fmt.Fprintf(env.Stderr, "layeron: %s\n\n%s", bad.msg, usage)
		return ExitUsage
	}
	_, _ = fmt.Fprintf(env.Stderr, "layeron: %s\n", err)
	return ExitFailed
}

func run(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		return flag.ErrHelp
	}
	if args[0] != "secret" || len(args) < 2 {
		return errUsage{fmt.Sprintf("unknown command %q", args[0])}
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "put":
		return put(ctx, rest, env)
	case "versions":
		return listVersions(ctx, rest, env)
	case "adopt":
		return adopt(ctx, rest, env)
	case "unlock":
		return unlock(ctx, rest, env)
	}
	return errUsage{fmt.Sprintf("unknown command \"secret %s\": use put, versions, adopt or unlock", cmd)}
}

// errInterrupted is a command stopped by a signal before it wrote
// anything.
var errInterrupted = errors.New("interrupted before anything was written: the store is as it was")

// beforeWriting is what a failed read means to a command that has written
// nothing yet: when a signal cut the read short, that it was interrupted.
func beforeWriting(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errInterrupted
	}
	return err
}

// parse parses a command's flags and returns its arguments, want of them.
func parse(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage{err.Error()}
	}
	if fs.NArg() != want {
		return nil, errUsage{fmt.Sprintf("%s takes %d argument(s), got %d", fs.Name(), want, fs.NArg())}
	}
	return fs.Args(), nil
}

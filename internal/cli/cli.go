// Package cli is the layeron command line: it fulfils generated secrets,
// rotates random ones, revokes retained versions, lists a store's secrets
// and a secret's versions, brings existing store secrets under Layeron and
// removes the lock an interrupted rotation left, with the version rules
// and the store client the provider uses. It never prints or logs a value.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Exit codes a script can rely on.
const (
	ExitOK = 0
	// ExitFailed: the store failed, or refused what was asked.
	ExitFailed = 1
	// ExitUsage: the command line or the environment was wrong; nothing
	// was sent.
	ExitUsage = 2
)

// Env is what a command reads from outside: the environment, standard
// input and output, the clock, and the version it was built as.
type Env struct {
	Getenv  func(string) string
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
	Now     func() time.Time
	Version string
}

// errUsage is a command line that cannot be run. Its command's usage is
// printed after it, or the overview when no command was recognised.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

// errEnv is an environment variable that stops every command. What to set
// is all it says: the command line was right, so no usage follows.
type errEnv struct{ msg string }

func (e errEnv) Error() string { return e.msg }

// Run runs the command line args (without the program's name) and returns
// its exit code.
func Run(ctx context.Context, args []string, env Env) int {
	cmd, err := run(ctx, args, env)
	var bad errUsage
	var unset errEnv
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		_, _ = fmt.Fprint(env.Stdout, help(cmd))
		return ExitOK
	case errors.As(err, &bad):
		_, _ = fmt.Fprintf(env.Stderr, "layeron: %s\n\n%s", bad.msg, usage(cmd))
		return ExitUsage
	case errors.As(err, &unset):
		_, _ = fmt.Fprintf(env.Stderr, "layeron: %s\n", unset.msg)
		return ExitUsage
	}
	_, _ = fmt.Fprintf(env.Stderr, "layeron: %s\n", err)
	return ExitFailed
}

// run finds the command args name and runs it. It returns that command,
// or nil when none was recognised, with what the command returned.
func run(ctx context.Context, args []string, env Env) (*command, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		return nil, flag.ErrHelp
	}
	if args[0] == "help" {
		return helpFor(args[1:])
	}
	cmd, rest, err := lookup(args)
	if err != nil {
		return nil, err
	}
	return cmd, cmd.run(ctx, rest, env)
}

// lookup finds the command that args start with, and returns the
// arguments that follow its name.
func lookup(args []string) (*command, []string, error) {
	if args[0] == "secret" {
		if len(args) < 2 {
			return nil, nil, errUsage{"secret needs a command: " + secretCommandNames()}
		}
		if args[1] == "-h" || args[1] == "--help" || args[1] == "-help" {
			return nil, nil, flag.ErrHelp
		}
		if cmd := find("secret " + args[1]); cmd != nil {
			return cmd, args[2:], nil
		}
		return nil, nil, errUsage{fmt.Sprintf("unknown command \"secret %s\": use %s", args[1], secretCommandNames())}
	}
	if cmd := find(args[0]); cmd != nil {
		return cmd, args[1:], nil
	}
	return nil, nil, errUsage{fmt.Sprintf("unknown command %q: use secret or version, or help", args[0])}
}

// helpFor is the help command: the overview, or the help of the command
// it names, with or without "secret".
func helpFor(args []string) (*command, error) {
	if len(args) == 0 {
		return nil, flag.ErrHelp
	}
	if cmd, rest, err := lookup(args); err == nil && len(rest) == 0 {
		return cmd, flag.ErrHelp
	}
	if len(args) == 1 {
		if cmd := find("secret " + args[0]); cmd != nil {
			return cmd, flag.ErrHelp
		}
	}
	return nil, errUsage{fmt.Sprintf("no command %q to show help for", strings.Join(args, " "))}
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

// parse parses a command's flags, which may come before or after its
// arguments, and returns its arguments, want of them. After "--"
// everything is an argument.
func parse(fs *flag.FlagSet, args []string, want int) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage{err.Error()}
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if len(positional) != want {
		return nil, errUsage{fmt.Sprintf("%s takes %d argument(s), got %d", fs.Name(), want, len(positional))}
	}
	return positional, nil
}

package cli

import (
	"context"
	"flag"
	"fmt"
)

// printVersion prints the version this command was built as: the
// release's, which the release build sets, or "dev".
func printVersion(_ context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	_, err := fmt.Fprintf(env.Stdout, "layeron %s\n", env.Version)
	return err
}

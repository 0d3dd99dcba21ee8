package cli

import (
	"context"
	"strconv"
	"strings"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// command is one layeron command and what its help says.
type command struct {
	// name is what follows "layeron" on the command line.
	name string
	// synopsis is its arguments and flags.
	synopsis string
	// about says what it does; flags what its flags mean.
	about, flags string
	run          func(ctx context.Context, args []string, env Env) error
}

// commands are the layeron commands, in the order the overview lists them.
var commands = []command{
	{
		name:     "secret put",
		synopsis: "[--random-bytes N] [--force] <namespace>/<name>",
		about: `Write a new version of a secret: the value is read from standard input,
or made from N random bytes. The previous value is kept as the declared
retention says, then expired copies are pruned. Interrupted (Ctrl-C,
SIGTERM), it finishes or undoes the step it is in, says which, and exits
1; a second signal stops it at once.`,
		flags: `  --random-bytes N   make the value from N random bytes (` + strconv.Itoa(rotation.MinRandomBytes) + ` to ` + strconv.Itoa(rotation.MaxRandomBytes) + `)
                     instead of reading it from standard input
  --force            write a random or static secret too, whose values
                     otherwise come from its Terraform configuration`,
		run: put,
	},
	{
		name:     "secret rotate",
		synopsis: "<namespace>/<name>",
		about: `Rotate a random secret now, as the layeron_secret_rotate action and a
scheduled rotation do: a new value from crypto/rand, of the length the
secret declares (bytes, default ` + strconv.Itoa(versions.DefaultRandomBytes) + `), becomes its next version; the
previous one is kept as the declared retention says, then expired copies
are pruned. Static and generated secrets are refused, and nothing is
written. The next terraform plan (or tofu plan) reads the new version and
writes nothing. Interrupted, it behaves as put does.`,
		run: rotate,
	},
	{
		name:     "secret revoke",
		synopsis: "<namespace>/<name> [--version N]...",
		about: `Delete retained versions of a secret now, as the layeron_secret_revoke
action does, to end the overlap a rotation leaves, as after a leak:
Workers bound to a deleted version fail to read it from then on. Without
--version, every retained version is deleted. The current version is
never deleted (rotate first), nor the copy a rotation in flight makes as
its lock. It says which versions it deleted, and which of those asked for
no copy keeps. Interrupted, it stops before its next deletion and says
which versions are left.`,
		flags: `  --version N   delete retained version N; give it once for each version`,
		run:   revoke,
	},
	{
		name:     "secret list",
		synopsis: "[--namespace NS] [--json]",
		about: `List the Layeron secrets of the store, from one listing request: each
one's namespace/name, kind, current version, number of retained versions
and current store secret. Store secrets without Layeron metadata are not
listed. Never a value.`,
		flags: `  --namespace NS   list only the secrets of namespace NS (default: every
                   namespace)
  --json           print JSON`,
		run: listSecrets,
	},
	{
		name:     "secret versions",
		synopsis: "[--json] <namespace>/<name>",
		about: `List a secret's versions, newest first: when each became active, was
retired and expires, and its store secret. Never a value.`,
		flags: `  --json   print JSON`,
		run:   listVersions,
	},
	{
		name:     "secret adopt",
		synopsis: "<store-secret-name> <namespace>/<name>",
		about: `Copy an existing store secret, server-side, into a Layeron generated
secret's version 1. The original is left as it is.`,
		run: adopt,
	},
	{
		name:     "secret unlock",
		synopsis: "<namespace>/<name>",
		about: `Delete the copy that a put, apply or action killed between its copy and
its write left behind, which refuses every rotation of the secret for 15
minutes. It deletes the copy only when the current value was not written
after the copy was made, so that nothing is lost. Run it only when no
put, apply or action is writing the secret.`,
		run: unlock,
	},
	{
		name:  "version",
		about: `Print the version of this layeron command.`,
		run:   printVersion,
	},
}

// environment says where every secret command finds its store.
const environment = `The store is the one the provider uses, from CLOUDFLARE_API_TOKEN,
CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_BASE_URL, LAYERON_STORE_ID and
LAYERON_NAMESPACE (the namespace of a name given without one).
Exit codes: 0 done, 1 the store failed or refused, 2 a wrong command line
or environment (nothing was sent).
`

// helpLine is the help command's usage line.
const helpLine = "layeron help <command>"

// find returns the command called name, or nil.
func find(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// secretCommandNames lists the secret commands for a sentence.
func secretCommandNames() string {
	var names []string
	for _, c := range commands {
		if sub, ok := strings.CutPrefix(c.name, "secret "); ok {
			names = append(names, sub)
		}
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// line is the command's usage line.
func (c *command) line() string {
	return strings.TrimSpace("layeron " + c.name + " " + c.synopsis)
}

// help is what --help prints: the command's whole help, or the overview
// when cmd is nil.
func help(cmd *command) string {
	if cmd == nil {
		return overview()
	}
	var b strings.Builder
	b.WriteString("Usage: " + cmd.line() + "\n\n" + cmd.about + "\n")
	if cmd.flags != "" {
		b.WriteString("\nFlags:\n" + cmd.flags + "\n")
	}
	if strings.HasPrefix(cmd.name, "secret ") {
		b.WriteString("\n" + environment)
	}
	return b.String()
}

// usage is what follows a wrong command line: the command's usage line
// and flags, or every command's usage line when none was recognised.
func usage(cmd *command) string {
	var b strings.Builder
	if cmd == nil {
		b.WriteString("Usage:\n")
		for _, c := range commands {
			b.WriteString("  " + c.line() + "\n")
		}
		b.WriteString("  " + helpLine + "\n\nRun \"layeron --help\" for what each command does.\n")
		return b.String()
	}
	b.WriteString("Usage: " + cmd.line() + "\n")
	if cmd.flags != "" {
		b.WriteString("\nFlags:\n" + cmd.flags + "\n")
	}
	b.WriteString("\nRun \"layeron help " + cmd.name + "\" for what it does.\n")
	return b.String()
}

// overview lists every command.
func overview() string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	for _, c := range commands {
		b.WriteString("  " + c.line() + "\n")
		for _, l := range strings.Split(c.about, "\n") {
			b.WriteString("      " + l + "\n")
		}
	}
	b.WriteString("  " + helpLine + "\n      Show a command's help and flags, as layeron secret <command> --help does.\n")
	b.WriteString("\n" + environment)
	return b.String()
}

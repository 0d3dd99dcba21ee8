package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// secretRow is one secret as the list command shows it.
type secretRow struct {
	Namespace      string `json:"namespace"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	CurrentVersion int    `json:"current_version"`
	Retained       int    `json:"retained"`
	SecretName     string `json:"secret_name"`
}

// listSecrets prints the Layeron secrets of the store, as the list
// resource finds them, from one listing however many there are: never a
// value, and never a store secret of another tool.
func listSecrets(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	namespace := fs.String("namespace", "", "list only the secrets of this namespace")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0); err != nil {
		return err
	}
	if *namespace != "" {
		if err := versions.ValidateNamespace(*namespace); err != nil {
			return errUsage{fmt.Sprintf("--namespace %s %s", strconv.Quote(*namespace), err)}
		}
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	listing, err := s.List(ctx)
	if err != nil {
		return beforeWriting(ctx, fmt.Errorf("listing the Secrets Store of account %s failed: %w", s.AccountID(), err))
	}
	rows := []secretRow{}
	for _, f := range versions.Secrets(listing, *namespace) {
		rows = append(rows, secretRow{Namespace: f.Namespace, Name: f.Name, Kind: f.Current.Meta.Kind, CurrentVersion: f.Current.Meta.Version,
			Retained: len(f.Versions()) - 1, SecretName: f.Current.Name})
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(rows) == 0 {
		where := "any namespace"
		if *namespace != "" {
			where = "namespace " + *namespace
		}
		_, err := fmt.Fprintf(env.Stdout, "The store of account %s holds no Layeron secret in %s.\n", s.AccountID(), where)
		return err
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(w, "SECRET\tKIND\tCURRENT VERSION\tRETAINED\tSTORE SECRET")
	for _, r := range rows {
		_, _ = fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\n", shown(r.Namespace+"/"+r.Name), shown(r.Kind), r.CurrentVersion, r.Retained, shown(r.SecretName))
	}
	return w.Flush()
}

// shown is text from the store as a terminal may show it: as it is when
// it is printable UTF-8 without spaces, quoted with Go escapes otherwise,
// so that no control sequence or column break in a name reaches the
// terminal.
func shown(s string) string {
	if s == "" || !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) || r == '"' {
			return strconv.Quote(s)
		}
	}
	return s
}

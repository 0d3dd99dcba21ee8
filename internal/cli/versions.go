package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"
)

// versionRow is one version as the versions command shows it.
type versionRow struct {
	Version    int    `json:"version"`
	ActiveFrom string `json:"active_from"`
	Retired    string `json:"retired,omitempty"`
	Expires    string `json:"expires,omitempty"`
	SecretName string `json:"secret_name"`
	Current    bool   `json:"current"`
}

// listVersions prints a secret's versions, newest first: never a value.
func listVersions(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("versions", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	s, family, err := readSecret(ctx, fs, args, env)
	if err != nil {
		return err
	}
	list := family.Versions()
	if len(list) == 0 {
		return fmt.Errorf("no Layeron secret %s exists in account %s: it is not created yet, or a generated secret not yet fulfilled (layeron secret put %s)",
			family.ID(), s.AccountID(), family.ID())
	}
	rows := make([]versionRow, 0, len(list))
	for _, v := range list {
		rows = append(rows, versionRow{Version: v.Version, ActiveFrom: stamp(v.ActiveFrom), Retired: stamp(v.RetiredAt), Expires: expires(v.Current, v.ExpiresAt),
			SecretName: v.SecretName, Current: v.Current})
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	_, _ = fmt.Fprintln(w, "VERSION\tACTIVE FROM\tRETIRED\tEXPIRES\tSTORE SECRET\tCURRENT")
	for _, r := range rows {
		_, _ = fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\n", r.Version, r.ActiveFrom, dash(r.Retired), dash(r.Expires), shown(r.SecretName), strconv.FormatBool(r.Current))
	}
	return w.Flush()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// expires is when a retained copy expires: never, when it has no time.
func expires(current bool, at time.Time) string {
	if current {
		return ""
	}
	if at.IsZero() {
		return "never"
	}
	return stamp(at)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// put writes a new version of a secret, as the provider's rotation does: the
// previous value copied server-side as the declared retention says, then
// the current secret overwritten and stamped, then expired copies pruned.
func put(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("put", flag.ContinueOnError)
	randomBytes := fs.Int("random-bytes", 0, "make the value from this many random bytes instead of reading it")
	force := fs.Bool("force", false, "write a secret of a kind other than generated")
	rest, err := parse(fs, args, 1)
	if err != nil {
		return err
	}
	if *randomBytes != 0 && (*randomBytes < rotation.MinRandomBytes || *randomBytes > rotation.MaxRandomBytes) {
		return errUsage{fmt.Sprintf("--random-bytes takes %d to %d bytes, got %d", rotation.MinRandomBytes, rotation.MaxRandomBytes, *randomBytes)}
	}
	s, namespace, name, err := openSecret(env, rest[0])
	if err != nil {
		return err
	}
	id := versions.SecretID(namespace, name)
	value, err := readValue(ctx, env.Stdin, *randomBytes)
	if err != nil {
		return err
	}
	family, err := s.ReadFamily(ctx, namespace, name)
	if err != nil {
		return beforeWriting(ctx, err)
	}
	current := family.Current
	storeName := versions.CurrentName(namespace, name)
	where := fmt.Sprintf("store secret %q of account %s", storeName, s.AccountID())
	switch {
	case current == nil && damagedCurrent(family):
		return fmt.Errorf("%s carries a Layeron comment that cannot be read, so put does not write it. "+
			"Fix or delete it in the dashboard, or run terraform apply (or tofu apply) on the secret's configuration to write it again", where)
	case current == nil:
		return createFirst(ctx, s, family, value, env)
	case !current.Marked:
		return fmt.Errorf("%s was not created by Layeron, so put does not overwrite it. Bring it under Layeron with: layeron secret adopt %s <namespace>/<name>", where, storeName)
	case current.Meta.Kind != versions.KindGenerated && !*force:
		return fmt.Errorf("secret %s is a %s secret, whose values come from its Terraform configuration: rotate it there (rotation_triggers, or a new value_wo and value_wo_version). "+
			"Pass --force to write this value as its next version anyway", id, current.Meta.Kind)
	}
	format := current.Meta.Format
	if format == "" {
		format = versions.DefaultFormat
	}
	if err := versions.CheckValue(value, format); err != nil {
		return fmt.Errorf("the value for secret %s %w", id, err)
	}
	w, err := rotation.WriteNext(ctx, s, family, value, versions.Instant(env.Now()))
	return reportWritten(ctx, env, s, "put", namespace, name, w, err)
}

// createFirst fulfils a generated secret that has no value yet. Until
// terraform apply records its declaration, the comment keeps every version,
// so that no value is lost to a policy put cannot know.
func createFirst(ctx context.Context, s store, family versions.Family, value string, env Env) error {
	if err := versions.CheckValue(value, versions.DefaultFormat); err != nil {
		return fmt.Errorf("the value %w", err)
	}
	listing, err := s.List(ctx)
	if err != nil {
		return beforeWriting(ctx, err)
	}
	if err := rotation.CheckQuota(ctx, s, 1, listing); err != nil {
		return beforeWriting(ctx, err)
	}
	if ctx.Err() != nil {
		return errInterrupted
	}
	now := versions.Instant(env.Now())
	meta := versions.Meta{Namespace: family.Namespace, Name: family.Name, Kind: versions.KindGenerated, Version: family.NextVersion(0), From: now, RetainMode: versions.RetainForever}
	storeName := versions.CurrentName(family.Namespace, family.Name)
	// Once sent, the create runs to its end: cut short, it may have
	// happened without this put knowing.
	if _, err := s.Create(context.WithoutCancel(ctx), []client.NewSecret{{Name: storeName, Value: value, Comment: versions.Encode(meta), Scopes: []string{versions.DefaultScope}}}); err != nil {
		return err
	}
	_, err = fmt.Fprintf(env.Stdout, "Wrote version %d of secret %s/%s to store secret %q of account %s. "+
		"If the secret is not declared yet, declare it with kind = \"generated\" and run terraform apply (or tofu apply) to record it with its configuration; "+
		"until then puts keep every version.\n",
		meta.Version, family.Namespace, family.Name, storeName, s.AccountID())
	if err == nil && ctx.Err() != nil {
		err = fmt.Errorf("secret %s/%s in account %s: the put was interrupted once it had finished: version %d is written, so nothing is left to do",
			family.Namespace, family.Name, s.AccountID(), meta.Version)
	}
	return err
}

// readValue reads the value from standard input, without the newline that
// ends it, or makes it from n random bytes. A signal stops the wait for
// standard input, which a terminal may hold open.
func readValue(ctx context.Context, stdin io.Reader, n int) (string, error) {
	if n > 0 {
		return rotation.RandomValue(n)
	}
	type read struct {
		b   []byte
		err error
	}
	done := make(chan read, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(stdin, versions.MaxValueBytes+2))
		done <- read{b, err}
	}()
	var r read
	select {
	case <-ctx.Done():
		return "", errInterrupted
	case r = <-done:
	}
	if r.err != nil {
		return "", fmt.Errorf("reading the value from standard input failed: %w", r.err)
	}
	b := bytes.TrimSuffix(bytes.TrimSuffix(r.b, []byte("\n")), []byte("\r"))
	return string(b), nil
}

// damagedCurrent reports whether the family's current store secret carries
// a comment that cannot be read.
func damagedCurrent(f versions.Family) bool {
	for _, d := range f.Damaged {
		if d.Name == versions.CurrentName(f.Namespace, f.Name) {
			return true
		}
	}
	return false
}

package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// adopt copies an existing store secret, server-side, into a Layeron
// generated secret's version 1, leaving the original exactly as it was.
func adopt(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("adopt", flag.ContinueOnError)
	rest, err := parse(fs, args, 2)
	if err != nil {
		return err
	}
	s, err := openStore(env)
	if err != nil {
		return err
	}
	source := rest[0]
	namespace, name, err := s.secretID(rest[1])
	if err != nil {
		return err
	}
	found, err := s.Find(ctx, source)
	if err != nil {
		return beforeWriting(ctx, err)
	}
	var original *versions.StoreSecret
	for i := range found {
		if found[i].Name == source {
			original = &found[i]
		}
	}
	target := versions.CurrentName(namespace, name)
	switch {
	case original == nil:
		return fmt.Errorf("no store secret %q exists in account %s", source, s.AccountID())
	case versions.HasMarker(original.Comment):
		return fmt.Errorf("store secret %q of account %s is already a Layeron secret; import it with terraform import instead", source, s.AccountID())
	case source == target:
		return fmt.Errorf("store secret %q already has the Layeron name of secret %s/%s; declare it with kind = \"generated\" to adopt it in place", source, namespace, name)
	}
	family, err := s.ReadFamily(ctx, namespace, name)
	if err != nil {
		return beforeWriting(ctx, err)
	}
	if family.Current != nil || len(family.Copies) > 0 || len(family.Damaged) > 0 {
		return fmt.Errorf("secret %s/%s already has store secrets in account %s, so adopt does not write over them. Choose another name", namespace, name, s.AccountID())
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
	meta := versions.Meta{Namespace: namespace, Name: name, Kind: versions.KindGenerated, Version: 1, From: versions.Instant(env.Now())}
	// Once sent, the copy runs to its end: cut short, it may have happened
	// without this command knowing.
	if _, err := s.Duplicate(context.WithoutCancel(ctx), original.ID, original.Name, target, versions.Encode(meta), original.Scopes); err != nil {
		return err
	}
	_, err = fmt.Fprintf(env.Stdout, "Copied store secret %q into %q as version 1 of generated secret %s/%s, in account %s; %q is unchanged.\n"+
		"Declare it with kind = \"generated\" and import it:\n  terraform import <address> %s/%s\n",
		source, target, namespace, name, s.AccountID(), source, namespace, name)
	return err
}

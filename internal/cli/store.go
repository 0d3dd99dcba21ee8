package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// store is the configured Secrets Store client and default namespace.
type store struct {
	*client.Client
	namespace string
}

// openStore configures the client from the environment, as the provider
// does when its attributes are not set.
func openStore(env Env) (store, error) {
	get := env.Getenv
	token, account, storeID, baseURL := get(settings.EnvAPIToken), get(settings.EnvAccountID), get(settings.EnvStoreID), get(settings.EnvBaseURL)
	switch {
	case token == "":
		return store{}, errEnv{fmt.Sprintf("%s is not set: set it to a Cloudflare API token with the Account Secrets Store Edit permission", settings.EnvAPIToken)}
	case account == "":
		return store{}, errEnv{fmt.Sprintf("%s is not set: set it to the id of the Cloudflare account that holds the Secrets Store, 32 lowercase hexadecimal characters", settings.EnvAccountID)}
	case !settings.ValidID(account):
		return store{}, errEnv{fmt.Sprintf("%s is not a Cloudflare account id: set it to the 32 lowercase hexadecimal characters of the account's id, as the dashboard shows it", settings.EnvAccountID)}
	case storeID != "" && !settings.ValidID(storeID):
		return store{}, errEnv{fmt.Sprintf("%s is not a Secrets Store id: set it to the 32 lowercase hexadecimal characters of the store's id, or unset it to use the account's one store", settings.EnvStoreID)}
	}
	if baseURL != "" {
		if err := settings.CheckBaseURL(baseURL); err != nil {
			return store{}, errEnv{fmt.Sprintf("%s %q %s: set it to the API's base URL, or unset it for %s", settings.EnvBaseURL, settings.ShownURL(baseURL), err, client.DefaultBaseURL)}
		}
	}
	namespace := get(settings.EnvNamespace)
	if namespace == "" {
		namespace = settings.DefaultNamespace
	} else if err := versions.ValidateNamespace(namespace); err != nil {
		return store{}, errEnv{fmt.Sprintf("%s %q %s: set it to a namespace, or unset it for %q", settings.EnvNamespace, namespace, err, settings.DefaultNamespace)}
	}
	retries := settings.DefaultMaxRetries
	if s := get(settings.EnvMaxRetries); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > settings.MaxMaxRetries {
			return store{}, errEnv{fmt.Sprintf("%s is not a number of retries: set it to a whole number from 0 to %d, or unset it for %d", settings.EnvMaxRetries, settings.MaxMaxRetries, settings.DefaultMaxRetries)}
		}
		retries = n
	}
	timeout := client.DefaultRequestTimeout
	if s := get(settings.EnvRequestTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < settings.MinRequestTimeout || d > settings.MaxRequestTimeout {
			return store{}, errEnv{fmt.Sprintf("%s is not a request timeout: set it to a duration from %s to %s, such as 30s, or unset it for %s", settings.EnvRequestTimeout, settings.MinRequestTimeout, settings.MaxRequestTimeout, client.DefaultRequestTimeout)}
		}
		timeout = d
	}
	c := client.New(client.Config{APIToken: token, AccountID: account, StoreID: storeID, BaseURL: baseURL,
		MaxRetries: retries, RequestTimeout: timeout, UserAgent: "layeron-cli", CLI: true})
	return store{Client: c, namespace: namespace}, nil
}

// secretID parses a <namespace>/<name> argument.
func (s store) secretID(arg string) (namespace, name string, err error) {
	namespace, name, err = versions.ParseID(arg, s.namespace)
	if err != nil {
		return "", "", errUsage{fmt.Sprintf("%q is not <namespace>/<name>: %s", arg, err)}
	}
	return namespace, name, nil
}

// openSecret opens the store and parses the <namespace>/<name> argument.
func openSecret(env Env, arg string) (s store, namespace, name string, err error) {
	if s, err = openStore(env); err != nil {
		return store{}, "", "", err
	}
	namespace, name, err = s.secretID(arg)
	return s, namespace, name, err
}

// readSecret parses the flags of fs and its one <namespace>/<name>
// argument, opens the store and reads the secret, writing nothing.
func readSecret(ctx context.Context, fs *flag.FlagSet, args []string, env Env) (store, versions.Family, error) {
	rest, err := parse(fs, args, 1)
	if err != nil {
		return store{}, versions.Family{}, err
	}
	s, namespace, name, err := openSecret(env, rest[0])
	if err != nil {
		return store{}, versions.Family{}, err
	}
	family, err := s.ReadFamily(ctx, namespace, name)
	if err != nil {
		return store{}, versions.Family{}, beforeWriting(ctx, err)
	}
	return s, family, nil
}

// layeronSecret refuses, for command what, a secret without a current
// store secret that carries readable Layeron metadata, which rotate and
// revoke need and only put and adopt can create.
func layeronSecret(s store, what string, family versions.Family) error {
	id := family.ID()
	storeName := versions.CurrentName(family.Namespace, family.Name)
	where := fmt.Sprintf("store secret %q of account %s", storeName, s.AccountID())
	switch {
	case family.Current == nil && damagedCurrent(family):
		return fmt.Errorf("%s carries a Layeron comment that cannot be read, so %s does not change secret %s, and nothing was written. "+
			"Fix or delete it in the dashboard, or run terraform apply (or tofu apply) on the secret's configuration to write it again", where, what, id)
	case family.Current == nil:
		return fmt.Errorf("no Layeron secret %s exists in account %s: store secret %q is missing, so %s wrote nothing. "+
			"Check the name and namespace (layeron secret list shows the store's secrets), or create the secret with terraform apply (or tofu apply) first",
			id, s.AccountID(), storeName, what)
	case !family.Current.Marked:
		return fmt.Errorf("%s was not created by Layeron, so %s does not change it, and nothing was written. "+
			"Bring it under Layeron with: layeron secret adopt %s <namespace>/<name>", where, what, storeName)
	}
	return nil
}

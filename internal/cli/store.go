package cli

import (
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
		return store{}, errUsage{fmt.Sprintf("%s is not set: the CLI needs an API token with the Account Secrets Store Edit permission", settings.EnvAPIToken)}
	case !settings.ValidID(account):
		return store{}, errUsage{fmt.Sprintf("%s must be the 32 lowercase hexadecimal characters of a Cloudflare account id", settings.EnvAccountID)}
	case storeID != "" && !settings.ValidID(storeID):
		return store{}, errUsage{fmt.Sprintf("%s must be the 32 lowercase hexadecimal characters of a Secrets Store id", settings.EnvStoreID)}
	}
	if baseURL != "" {
		if err := settings.CheckBaseURL(baseURL); err != nil {
			return store{}, errUsage{fmt.Sprintf("%s %q %s", settings.EnvBaseURL, settings.ShownURL(baseURL), err)}
		}
	}
	namespace := get(settings.EnvNamespace)
	if namespace == "" {
		namespace = settings.DefaultNamespace
	} else if err := versions.ValidateNamespace(namespace); err != nil {
		return store{}, errUsage{fmt.Sprintf("%s %q %s", settings.EnvNamespace, namespace, err)}
	}
	retries := settings.DefaultMaxRetries
	if s := get(settings.EnvMaxRetries); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > settings.MaxMaxRetries {
			return store{}, errUsage{fmt.Sprintf("%s must be a whole number from 0 to %d", settings.EnvMaxRetries, settings.MaxMaxRetries)}
		}
		retries = n
	}
	timeout := client.DefaultRequestTimeout
	if s := get(settings.EnvRequestTimeout); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < settings.MinRequestTimeout || d > settings.MaxRequestTimeout {
			return store{}, errUsage{fmt.Sprintf("%s must be a duration from %s to %s, such as 30s", settings.EnvRequestTimeout, settings.MinRequestTimeout, settings.MaxRequestTimeout)}
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

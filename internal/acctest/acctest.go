// Package acctest runs acceptance tests: the real Terraform or OpenTofu CLI
// against the in-process provider and, by default, an in-process emulator
// sharing one fake clock; with LAYERON_ACC_LIVE=1 and credentials, against a
// real Cloudflare account instead.
package acctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/emulator"
	"github.com/layeron/terraform-provider-layeron/internal/provider"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
)

// Settings of the emulator-backed environment.
const (
	EmulatorAccount = "0123456789abcdef0123456789abcdef"
	// EmulatorToken has the shape of a Cloudflare API token, which the
	// official provider checks, so that the benchmarks can run it too.
	EmulatorToken = "acctest-token-0123456789abcdefghijklmnop"
	// NamespacePrefix starts every namespace a test creates, so that the
	// sweeper knows what it may delete in a live account.
	NamespacePrefix = "tfacc"
	envLive         = "LAYERON_ACC_LIVE"
)

// Start is the instant every emulator-backed test begins at.
var Start = time.Date(2026, 11, 26, 4, 0, 0, 0, time.UTC)

// Env is one test's world: a provider, a store and a clock.
type Env struct {
	Live      bool
	Clock     clock.Clock
	Fake      *clock.Fake      // nil when live
	Emulator  *emulator.Server // nil when live
	AccountID string
	Token     string
	BaseURL   string
	Namespace string
}

// Live reports whether acceptance tests run against a real account.
func Live() bool { return os.Getenv(envLive) == "1" }

// New prepares a test's environment. It fails, never skips, when no CLI can
// be found, so that a missing install step is seen.
func New(t testing.TB) *Env {
	t.Helper()
	checkEngine(t)
	e := &Env{Namespace: NamespacePrefix + randomHex(4)}
	if Live() {
		e.Live = true
		e.Clock = clock.Real{}
		e.AccountID = os.Getenv(settings.EnvAccountID)
		e.Token = os.Getenv(settings.EnvAPIToken)
		e.BaseURL = os.Getenv(settings.EnvBaseURL)
		if e.AccountID == "" || e.Token == "" {
			t.Fatalf("%s=1 needs %s and %s", envLive, settings.EnvAPIToken, settings.EnvAccountID)
		}
		return e
	}
	e.Fake = clock.NewFake(Start)
	e.Clock = e.Fake
	e.Emulator, e.BaseURL = emulator.Start(t, emulator.Options{Token: EmulatorToken, Clock: e.Fake})
	e.AccountID, e.Token = EmulatorAccount, EmulatorToken
	return e
}

// NeedsEmulator skips, saying why, a test that moves time or injects faults,
// which a live account cannot do.
func (e *Env) NeedsEmulator(t testing.TB) {
	t.Helper()
	if e.Live {
		t.Skip("this test moves the clock or injects faults, which needs the emulator")
	}
}

// Factories serve the provider in process, on the environment's clock.
func (e *Env) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"layeron": providerserver.NewProtocol6WithError(provider.NewWithOptions("test", provider.Options{Clock: e.Clock})()),
	}
}

// ProviderConfig is the provider block pointing at the environment.
func (e *Env) ProviderConfig() string {
	return e.configHeader("max_retries = 2")
}

// configHeader is the terraform block that requires the provider, then the
// provider block with settings, one per line.
func (e *Env) configHeader(settings string) string {
	return fmt.Sprintf("terraform {\n  required_providers {\n    layeron = { source = %q }\n  }\n}\n\n", providerSource()) + e.providerOnly(settings)
}

// ProviderBlock is the provider block alone, for a configuration that
// requires its providers itself.
func (e *Env) ProviderBlock() string {
	return e.providerOnly("max_retries = 2")
}

func (e *Env) providerOnly(settings string) string {
	baseURL := ""
	if e.BaseURL != "" {
		baseURL = fmt.Sprintf("  base_url   = %q\n", e.BaseURL)
	}
	return fmt.Sprintf("provider \"layeron\" {\n  api_token  = %q\n  account_id = %q\n  namespace  = %q\n%s%s\n}\n",
		e.Token, e.AccountID, e.Namespace, baseURL, settings)
}

// Config prepends the provider block to a configuration.
func (e *Env) Config(hcl string) string {
	return e.ProviderConfig() + hcl
}

// ConfigWith prepends a provider block with the given retry and timeout
// settings (one per line, in place of max_retries = 2) to a configuration.
func (e *Env) ConfigWith(settings, hcl string) string {
	return e.configHeader(settings) + hcl
}

// Configf prepends the provider block to a formatted configuration.
func (e *Env) Configf(format string, args ...any) string {
	return e.Config(fmt.Sprintf(format, args...))
}

// StoreID is the id of the environment's store, for a configuration that
// sets it.
func (e *Env) StoreID(t testing.TB) string {
	t.Helper()
	id, err := e.Client().StoreID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Client talks to the environment's store, for checks.
func (e *Env) Client() *client.Client {
	return client.New(client.Config{APIToken: e.Token, AccountID: e.AccountID, BaseURL: e.BaseURL, MaxRetries: 2})
}

// providerSource is the address the test harness serves the provider at,
// so that every step, import steps included, resolves it without a registry.
func providerSource() string {
	namespace := os.Getenv("TF_ACC_PROVIDER_NAMESPACE")
	if namespace == "" {
		namespace = "hashicorp"
	}
	return providerHost() + "/" + namespace + "/layeron"
}

// providerHost is the registry the engine resolves short sources at.
func providerHost() string {
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		return host
	}
	return "registry.terraform.io"
}

func checkEngine(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		return
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v", p, err)
		}
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("no Terraform or OpenTofu CLI: set TF_ACC_TERRAFORM_PATH or run the tests with `make test`, which finds or builds one")
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

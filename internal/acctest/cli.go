package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/layeron/terraform-provider-layeron/internal/provider"
)

// Workspace is a working directory of its own, with its own state, in which
// tests and benchmarks run CLI commands one by one: what resource.Test
// cannot do, such as measuring a single command or running two applies at
// once. Each command gets a new provider served in process, as it would get
// a new provider process, so that the provider's memory and the emulator's
// counters belong to the test.
type Workspace struct {
	Dir    string
	t      testing.TB
	engine string
	opts   provider.Options
	// env, when set, runs the provider as the benchmarks' own process
	// (see benchprovider) with these settings, instead of in process.
	env []string
	// beside are the other providers served with layeron, by address.
	beside map[string]func() fwprovider.Provider
	// CPU is the CPU time of the last command's CLI process and of the
	// provider processes it waited for.
	CPU time.Duration
}

// Workspace returns a new working directory whose provider has opts (the
// environment's clock unless set).
func (e *Env) Workspace(t testing.TB, opts provider.Options) *Workspace {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = e.Clock
	}
	engine := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if engine == "" {
		var err error
		if engine, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform or OpenTofu CLI: set TF_ACC_TERRAFORM_PATH or run `make test`")
		}
	}
	return &Workspace{Dir: t.TempDir(), t: t, engine: engine, opts: opts}
}

// ProcessWorkspace is a Workspace whose provider runs as a process of its
// own per command, as Terraform runs installed providers: the benchmarks use
// it to measure the provider's own memory and CPU time, which each process
// appends to usageFile as "<peak kB> <CPU µs>". readEach selects the
// baseline that reads each secret with a request of its own.
func (e *Env) ProcessWorkspace(t testing.TB, readEach bool, usageFile string) *Workspace {
	t.Helper()
	readEachEnv := "0"
	if readEach {
		readEachEnv = "1"
	}
	w := e.processWorkspace(t, "benchprovider", providerSource(), usageFile)
	w.env = append(w.env, "LAYERON_BENCH_ADDRESS="+providerSource(), "LAYERON_BENCH_READ_EACH="+readEachEnv)
	if dir := os.Getenv("LAYERON_BENCH_CPUPROFILE"); dir != "" {
		w.env = append(w.env, "LAYERON_BENCH_CPUPROFILE="+dir)
	}
	return w
}

// PeerWorkspace is a ProcessWorkspace for another provider, at source
// ("cloudflare/cloudflare"), whose binary is peer: each of its processes
// appends its usage to usageFile in the same form (see peerprovider).
func (e *Env) PeerWorkspace(t testing.TB, source, peer, usageFile string) *Workspace {
	t.Helper()
	w := e.processWorkspace(t, "peerprovider", providerHost()+"/"+source, usageFile)
	w.env = append(w.env, "LAYERON_BENCH_PEER="+peer)
	return w
}

// processWorkspace builds the command internal/acctest/<command> as the
// provider installed at address, and returns a Workspace that runs it.
func (e *Env) processWorkspace(t testing.TB, command, address, usageFile string) *Workspace {
	t.Helper()
	w := e.Workspace(t, provider.Options{})
	dir := filepath.Join(w.Dir, ".provider")
	binary := "terraform-provider-" + address[strings.LastIndex(address, "/")+1:]
	build := exec.Command("go", "build", "-o", filepath.Join(dir, binary),
		"github.com/layeron/terraform-provider-layeron/internal/acctest/"+command)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", command, err, out)
	}
	cliConfig := filepath.Join(w.Dir, ".terraformrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", address, dir)
	if err := os.WriteFile(cliConfig, []byte(overrides), 0o600); err != nil {
		t.Fatal(err)
	}
	w.env = []string{"TF_CLI_CONFIG_FILE=" + cliConfig, "LAYERON_BENCH_USAGE_FILE=" + usageFile}
	return w
}

// Beside serves another provider at source ("hashicorp/random") beside
// layeron in every command, as stand-in for one that cannot be installed
// offline.
func (w *Workspace) Beside(source string, p func() fwprovider.Provider) {
	if w.env != nil {
		w.t.Fatal("a process workspace serves only the benchmarks' provider")
	}
	if w.beside == nil {
		w.beside = map[string]func() fwprovider.Provider{}
	}
	w.beside[providerHost()+"/"+source] = p
}

// serve starts the providers and returns their TF_REATTACH_PROVIDERS value
// and the function that stops them.
func (w *Workspace) serve() (string, func(), error) {
	providers := map[string]func() fwprovider.Provider{providerSource(): provider.NewWithOptions("test", w.opts)}
	for address, p := range w.beside {
		providers[address] = p
	}
	reattach, stops := map[string]any{}, []func(){}
	stop := func() {
		for _, s := range stops {
			s()
		}
	}
	for address, p := range providers {
		config, stopOne, err := w.serveOne(address, p)
		if err != nil {
			stop()
			return "", nil, err
		}
		stops = append(stops, stopOne)
		reattach[address] = config
	}
	encoded, err := json.Marshal(reattach)
	if err != nil {
		stop()
		return "", nil, err
	}
	return string(encoded), stop, nil
}

// serveOne serves one provider at address and returns its reattach config.
func (w *Workspace) serveOne(address string, p func() fwprovider.Provider) (map[string]any, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	config, closed := make(chan *plugin.ReattachConfig, 1), make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(address, providerserver.NewProtocol6(p()),
			tf6server.WithDebug(ctx, config, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// Provider logs follow TF_LOG and TF_LOG_PATH, as in resource.Test.
			tf6server.WithLoggingSink(sinkT{w.t}))
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-config:
	case err := <-served:
		cancel()
		return nil, nil, fmt.Errorf("serving %s: %w", address, err)
	}
	return map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}, func() { cancel(); <-closed }, nil
}

// sinkT is a test as the logging sink takes it.
type sinkT struct{ testing.TB }

func (sinkT) Parallel() {}

// Write replaces the workspace's configuration.
func (w *Workspace) Write(t testing.TB, config string) {
	t.Helper()
	w.WriteFile(t, "main.tf", config)
}

// WriteFile writes a file of the workspace, such as another configuration
// file, a query or a test, creating its directory.
func (w *Workspace) WriteFile(t testing.TB, name, content string) {
	t.Helper()
	path := filepath.Join(w.Dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Run runs one CLI command in the workspace and returns what it printed.
// init, plan, apply and destroy run without input and colour, and apply and
// destroy without asking.
func (w *Workspace) Run(args ...string) (string, error) {
	full := args
	switch args[0] {
	case "init", "plan":
		full = append([]string{args[0], "-no-color", "-input=false"}, args[1:]...)
	case "apply", "destroy":
		full = append([]string{args[0], "-no-color", "-input=false", "-auto-approve"}, args[1:]...)
	}
	cmd := exec.Command(w.engine, full...)
	cmd.Dir = w.Dir
	for _, kv := range os.Environ() {
		// A CLI config file that does not exist breaks OpenTofu.
		if !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	if w.env != nil {
		cmd.Env = append(cmd.Env, w.env...)
	} else {
		reattach, stop, err := w.serve()
		if err != nil {
			return "", err
		}
		defer stop()
		cmd.Env = append(cmd.Env, "TF_REATTACH_PROVIDERS="+reattach)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.ProcessState != nil {
		w.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return out.String(), fmt.Errorf("%s %s: %w\n%s", filepath.Base(w.engine), args[0], err, out.String())
	}
	return out.String(), nil
}

// MustRun runs a command that must succeed.
func (w *Workspace) MustRun(t testing.TB, args ...string) string {
	t.Helper()
	out, err := w.Run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

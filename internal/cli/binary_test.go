package cli_test

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
)

// The layeron command, built once for the package's tests, which run it
// as a user does: a process of its own that signals reach.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// layeronBinary returns the path of the built layeron command.
func layeronBinary(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("this test sends SIGINT and SIGKILL, which Windows does not have")
	}
	built.once.Do(buildLayeron)
	if built.err != nil {
		t.Fatalf("building the layeron command failed: %v\n%s", built.err, built.out)
	}
	return built.path
}

// builtVersion is the version the tests' layeron command is built as, the
// way the release build sets it.
const builtVersion = "0.0.0-clitest"

// buildLayeron builds the layeron command into a directory that outlives
// any one test, which TestMain removes.
func buildLayeron() {
	if built.dir, built.err = os.MkdirTemp("", "layeron-cli-test"); built.err != nil {
		return
	}
	built.path = filepath.Join(built.dir, "layeron")
	built.out, built.err = exec.Command("go", "build", "-ldflags", "-X main.version="+builtVersion,
		"-o", built.path, "github.com/layeron/terraform-provider-layeron/cmd/layeron").CombinedOutput()
}

// process is the layeron command running against a test's store.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
}

// startLayeron starts the layeron command against e's store at baseURL,
// with stdin as its standard input.
func startLayeron(t *testing.T, e *acctest.Env, baseURL, stdin string, args ...string) *process {
	t.Helper()
	return startLayeronEnv(t, []string{
		settings.EnvAPIToken + "=" + e.Token, settings.EnvAccountID + "=" + e.AccountID,
		settings.EnvBaseURL + "=" + baseURL, settings.EnvNamespace + "=" + e.Namespace,
	}, stdin, args...)
}

// startLayeronEnv starts the layeron command with environ as its whole
// environment.
func startLayeronEnv(t *testing.T, environ []string, stdin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(layeronBinary(t), args...)}
	p.cmd.Env = environ
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = strings.NewReader(stdin), &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting layeron %v: %v", args, err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

// wait waits for the command to end and returns its exit code, -1 when a
// signal ended it, and what it printed.
func (p *process) wait(t *testing.T) (int, string, string) {
	t.Helper()
	err := p.cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("waiting for layeron: %v", err)
	}
	return p.cmd.ProcessState.ExitCode(), p.stdout.String(), p.stderr.String()
}

// runLayeron runs the layeron command to its end.
func runLayeron(t *testing.T, e *acctest.Env, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return startLayeron(t, e, e.BaseURL, stdin, args...).wait(t)
}

// watched serves e's store through a proxy that reports each request's
// route on the returned channel as it arrives, before the store answers
// it, so that a test can signal the command while the store holds a
// request back.
func watched(t *testing.T, e *acctest.Env) (string, <-chan string) {
	t.Helper()
	target, err := url.Parse(e.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	arrived := make(chan string, 100)
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
	// A killed command's request ends in a proxy error, which is expected.
	proxy.ErrorLog = log.New(io.Discard, "", 0)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- routeOf(r):
		default:
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + target.Path, arrived
}

// routeOf names the writes the tests wait for as the emulator's routes do.
func routeOf(r *http.Request) string {
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/duplicate"):
		return "POST /secrets/{id}/duplicate"
	case r.Method == http.MethodPatch && strings.Contains(r.URL.Path, "/secrets/"):
		return "PATCH /secrets/{id}"
	}
	return r.Method + " " + r.URL.Path
}

// awaitRoute waits until a request of route arrives.
func awaitRoute(t *testing.T, arrived <-chan string, route string) {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case got := <-arrived:
			if got == route {
				return
			}
		case <-timeout:
			t.Fatalf("no %s request arrived within 30s", route)
		}
	}
}

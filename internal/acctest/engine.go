package acctest

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// engineInfo is what the CLI under test says of itself.
type engineInfo struct {
	openTofu bool
	version  *version.Version
}

var (
	engineOnce sync.Once
	engine     engineInfo
	engineErr  error
)

// enginePath is the CLI the tests run: TF_ACC_TERRAFORM_PATH, or terraform
// on PATH.
func enginePath() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	return exec.LookPath("terraform")
}

func readEngine() (engineInfo, error) {
	path, err := enginePath()
	if err != nil {
		return engineInfo{}, err
	}
	out, err := exec.Command(path, "version", "-json").Output()
	if err != nil {
		return engineInfo{}, err
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return engineInfo{}, err
	}
	parsed, err := version.NewVersion(v.Version)
	if err != nil {
		return engineInfo{}, err
	}
	text, _ := exec.Command(path, "version").Output()
	return engineInfo{openTofu: strings.Contains(string(text), "OpenTofu"), version: parsed}, nil
}

// RequireTerraform skips a test of a feature that needs Terraform at least
// minimum, saying so, on an older Terraform or on OpenTofu, which lacks the
// feature.
func RequireTerraform(t testing.TB, minimum, feature string) {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = readEngine() })
	if engineErr != nil {
		t.Fatalf("reading the version of the CLI under test: %v", engineErr)
	}
	switch {
	case engine.openTofu:
		t.Skipf("%s needs Terraform %s or later; OpenTofu %s has none", feature, minimum, engine.version)
	case engine.version.LessThan(version.Must(version.NewVersion(minimum))):
		t.Skipf("%s needs Terraform %s or later; this is Terraform %s", feature, minimum, engine.version)
	}
}

// envEngineFacingOnly is set by the suites that repeat the tests under the
// engines other than the newest (scripts/test.sh).
const envEngineFacingOnly = "LAYERON_ACC_ENGINE_FACING_ONLY"

// EngineNeutral marks a test whose outcome the provider and the store decide
// whatever engine drives them: API faults that retries absorb, concurrent
// writers and their locks, which refuse a write before it starts, and CLI
// commands that run no engine. The suite under Terraform 1.16.4, with the
// race detector, runs it; the suites that repeat the engine-facing tests
// under the Terraform on PATH and OpenTofu skip it. What a failed apply or
// destroy leaves in state is the engine's to keep, so the tests of writes
// cut off halfway (interruptions, timeouts, lost answers) stay
// engine-facing.
func EngineNeutral(t testing.TB) {
	t.Helper()
	if os.Getenv(envEngineFacingOnly) == "1" {
		t.Skip("engine-neutral: runs in the suite under Terraform 1.16.4")
	}
}

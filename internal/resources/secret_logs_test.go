package resources_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// logToken is anything in a log line that could be a random value: 16 to
// 4096 random bytes in base64url are 22 characters or more.
var logToken = regexp.MustCompile(`[A-Za-z0-9_-]{22,}`)

// TestSecretValuesNeverLogged runs a create and a rotation of a random and a
// static secret with TRACE logging of the CLI and of the provider, then
// searches the whole log for every value the store held at any point.
func TestSecretValuesNeverLogged(t *testing.T) {
	e := acctest.New(t)
	e.NeedsEmulator(t)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	t.Setenv("TF_ACC_LOG", "TRACE")
	t.Setenv("TF_LOG", "TRACE")

	random, static := versions.CurrentName(e.Namespace, "rnd"), versions.CurrentName(e.Namespace, "stat")
	first, second := "whsec-log-first-77d1c3", "whsec-log-second-0a9e52"
	copy1 := versions.CopyName(e.Namespace, "rnd", 1)
	readLog := func() (string, error) {
		raw, err := os.ReadFile(logFile)
		if err != nil {
			return "", fmt.Errorf("reading the trace log: %w", err)
		}
		if log := string(raw); strings.Contains(log, "Rotated secret") && strings.Contains(log, "layeron_secret") {
			return log, nil
		}
		return "", fmt.Errorf("the trace log lacks the provider's or the CLI's entries (%d bytes): logging was not captured", len(raw))
	}
	// Run while the store still holds every value written, the rotated-away
	// one included (in the copy of version 1).
	noStoreValueLogged := func(*terraform.State) error {
		log, err := readLog()
		if err != nil {
			return err
		}
		for _, tok := range logToken.FindAllString(log, -1) {
			for _, name := range []string{random, copy1, static, versions.CopyName(e.Namespace, "stat", 1)} {
				if e.Emulator.ValueEquals(e.AccountID, name, tok) {
					return fmt.Errorf("the value of store secret %s appears in the trace log", name)
				}
			}
		}
		return nil
	}
	hcl := func(version, reason string) string {
		return e.Configf(`
variable "value" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "layeron_secret" "random" {
  name              = "rnd"
  kind              = "random"
  rotation          = { every_days = 30, retain = { mode = "retain_forever" } }
  rotation_triggers = { reason = %q }
}

resource "layeron_secret" "static" {
  name             = "stat"
  kind             = "static"
  value_wo         = var.value
  value_wo_version = %q
  rotation         = { every_days = 30, retain = { mode = "retain_forever" } }
}
`, reason, version)
	}
	value := func(v string) config.Variables { return config.Variables{"value": config.StringVariable(v)} }

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{Config: hcl("1", "a"), ConfigVariables: value(first)},
			{
				Config:          hcl("2", "b"),
				ConfigVariables: value(second),
				Check:           resource.ComposeTestCheckFunc(storeHas(e, random, copy1, static, versions.CopyName(e.Namespace, "stat", 1)), noStoreValueLogged),
			},
		},
	})

	// The destroy is logged too: the static values are known, so search again.
	log, err := readLog()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{first, second} {
		if strings.Contains(log, v) {
			t.Errorf("a static value appears in the trace log")
		}
	}
}

package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// nothingWritten fails when the store saw any write.
func nothingWritten(e *acctest.Env) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, r := range e.Emulator.Requests() {
			if r.Method != "GET" {
				return fmt.Errorf("a rejected plan wrote to the store: %s %s", r.Method, r.Route)
			}
		}
		return nil
	}
}

func TestSecretBadInput(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "someone else's value", "made in the dashboard")
	e.Emulator.ResetCounters()
	big := strings.Repeat("x", versions.MaxValueBytes+1)

	cases := []struct {
		name, body, want string
	}{
		{"name charset", `name = "has space"
kind = "random"`, `Invalid Name[\s\S]*letters, digits and underscores`},
		{"name with --", `name = "a--b"
kind = "random"`, `must not contain "--"`},
		{"name too long", fmt.Sprintf(`name = %q
kind = "random"`, strings.Repeat("n", 129)), `maximum is 128`},
		{"namespace", `name = "ok"
namespace = "bad ns"
kind = "random"`, `Invalid Namespace`},
		{"namespace too long", fmt.Sprintf(`name = "ok"
namespace = %q
kind = "random"`, strings.Repeat("n", 64)), `maximum is 63`},
		{"unknown kind", `name = "ok"
kind = "secret"`, `value must be one of`},
		{"purpose on two lines", `name = "ok"
kind = "random"
ownership = { purpose = "line one\nline two" }`, `Invalid Text[\s\S]*purpose[\s\S]*control character U\+000A[\s\S]*on one line`},
		{"value_wo_version with a tab", `name = "ok"
kind = "static"
value_wo = "v"
value_wo_version = "a\tb"`, `Invalid Text[\s\S]*value_wo_version[\s\S]*control character U\+0009`},
		{"bytes too small", `name = "ok"
kind = "random"
bytes = 8`, `16 to 4096 bytes, got 8`},
		{"bytes too large", `name = "ok"
kind = "random"
bytes = 5000`, `16 to 4096 bytes`},
		{"bytes on static", `name = "ok"
kind = "static"
value = "v"
bytes = 32`, `bytes does not apply`},
		{"value on random", `name = "ok"
kind = "random"
value = "v"`, `random secret takes no value`},
		{"value on generated", `name = "ok"
kind = "generated"
value_wo = "v"`, `generated secret takes no value`},
		{"no value on static", `name = "ok"
kind = "static"`, `Missing Value`},
		{"both values", `name = "ok"
kind = "static"
value = "a"
value_wo = "b"`, `Set only one of value_wo`},
		{"value over 64 KiB", fmt.Sprintf(`name = "ok"
kind = "static"
value = %q`, big), `at most 65536 bytes`},
		{"invalid json", `name = "ok"
kind = "static"
value = "{not json"
value_format = "json"`, `not valid JSON`},
		{"kv not an object", `name = "ok"
kind = "static"
value = "[1]"
value_format = "kv"`, `JSON object whose values are all strings`},
		{"kv non-string value", `name = "ok"
kind = "static"
value = "{\"a\": 1}"
value_format = "kv"`, `JSON object whose values are all strings`},
		{"kv null", `name = "ok"
kind = "static"
value = "null"
value_format = "kv"`, `JSON object whose values are all strings`},
		{"json on random", `name = "ok"
kind = "random"
value_format = "json"`, `must be "text"`},
		{"every_days below 1", `name = "ok"
kind = "random"
rotation = { every_days = 0 }`, `every_days value must be at least 1`},
		{"start_at not RFC3339", `name = "ok"
kind = "random"
rotation = { every_days = 1, start_at = "tomorrow" }`, `Invalid RFC3339 String Value[\s\S]*tomorrow`},
		{"days missing for retain_for", `name = "ok"
kind = "random"
rotation = { every_days = 1, retain = { mode = "retain_for" } }`, `Missing Retention Days`},
		{"days on retain_forever", `name = "ok"
kind = "random"
rotation = { every_days = 1, retain = { mode = "retain_forever", days = 3 } }`, `days applies only to mode = "retain_for"`},
		{"unknown scope", `name = "ok"
kind = "random"
scopes = ["workers", "email"]`, `value must be one of`},
		{"name owned by someone else", `name = "handmade"
kind = "random"`, `Secret Name Already Used[\s\S]*not created by Layeron`},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		// Each case's plan is refused with its message.
		steps = append(steps, resource.TestStep{
			Config:      e.Configf("resource \"layeron_secret\" \"test\" {\n%s\n}\n", tc.body),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
		})
	}
	// None of the refused plans wrote to the store.
	steps[len(steps)-1].Check = nothingWritten(e)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			if err := nothingWritten(e)(nil); err != nil {
				return err
			}
			if s, ok := e.Emulator.Secret(e.AccountID, versions.CurrentName(e.Namespace, "handmade")); !ok || s.Comment != "made in the dashboard" {
				return fmt.Errorf("the foreign secret was changed: %+v", s)
			}
			return nil
		},
	})
}

func TestSecretQuota(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	e.Emulator.SetQuota(e.AccountID, 4)
	a, b, c := versions.CurrentName(e.Namespace, "a"), versions.CurrentName(e.Namespace, "b"), versions.CurrentName(e.Namespace, "c")
	a1 := versions.CopyName(e.Namespace, "a", 1)
	config := func(reason string, more ...string) string {
		hcl := fmt.Sprintf(`
resource "layeron_secret" "a" {
  name              = "a"
  kind              = "random"
  rotation          = { every_days = 30, retain = { mode = "retain_forever" } }
  rotation_triggers = { reason = %q }
}
resource "layeron_secret" "b" {
  name = "b"
  kind = "random"
}
`, reason)
		for _, name := range more {
			hcl += fmt.Sprintf("resource \"layeron_secret\" %[1]q {\n  name = %[1]q\n  kind = \"random\"\n}\n", name)
		}
		return e.Config(hcl)
	}
	rejected := func(need, used int, held string) *regexp.Regexp {
		return regexp.MustCompile(strings.ReplaceAll(fmt.Sprintf(`pre-apply plan[\s\S]*Secrets Store Quota Exceeded[\s\S]*`+
			`needs %d more store secret\(s\), but account %s already uses %d of its 4; %s`, need, e.AccountID, used, held), " ", `\s+`))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// Two secrets take two of the account's four slots.
			{Config: config("one")},
			// Keeping version 1 takes the third slot.
			{Config: config("two"), Check: storeHas(e, a, a1, b)},
			{
				// Two new secrets and one slot: each alone would fit, the
				// plan does not.
				Config:      config("two", "c", "d"),
				ExpectError: rejected(2, 3, `retained versions hold slots: `+e.Namespace+`/a keeps 1`),
			},
			// One new secret fits the last slot.
			{Config: config("two", "c"), Check: storeHas(e, a, a1, b, c)},
			{
				// Keeping version 2 needs a fifth: the plan is refused.
				PreConfig:   e.Emulator.ResetCounters,
				Config:      config("three", "c"),
				ExpectError: rejected(1, 4, `retained versions hold slots: `+e.Namespace+`/a keeps 1`),
			},
			{
				// The refused plan wrote nothing: the store is as it was.
				Config: config("two", "c"),
				Check:  resource.ComposeTestCheckFunc(nothingWritten(e), storeHas(e, a, a1, b, c)),
			},
		},
	})
}

func TestSecretImportErrors(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	e.Emulator.Put(e.AccountID, versions.CurrentName(e.Namespace, "handmade"), "v", "")
	config := e.Configf(`
resource "layeron_secret" "test" {
  name = "handmade"
  kind = "random"
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// An ID of three parts is refused.
			{Config: config, ResourceName: addr, ImportState: true, ImportStateId: "a/b/c", ExpectError: regexp.MustCompile(`Invalid Import ID`)},
			// A name the store does not hold is not found.
			{Config: config, ResourceName: addr, ImportState: true, ImportStateId: e.Namespace + "/missing", ExpectError: regexp.MustCompile(`No Layeron secret`)},
			// A store secret without the Layeron marker is not imported.
			{Config: config, ResourceName: addr, ImportState: true, ImportStateId: e.Namespace + "/handmade", ExpectError: regexp.MustCompile(`not created by Layeron`)},
		},
	})
}

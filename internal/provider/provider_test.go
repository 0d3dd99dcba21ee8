package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

const secretBlock = `
resource "layeron_secret" "test" {
  name = "k"
  kind = "random"
}
`

func TestProviderConfigErrors(t *testing.T) {
	// Serial: t.Setenv empties the CLOUDFLARE_* variables for the whole process.
	e := acctest.New(t)
	e.NeedsEmulator(t)
	t.Setenv("CLOUDFLARE_API_TOKEN", "")
	t.Setenv("CLOUDFLARE_ACCOUNT_ID", "")
	t.Setenv("CLOUDFLARE_BASE_URL", "")
	provider := func(body string) string { return "provider \"layeron\" {\n" + body + "\n}\n" + secretBlock }
	valid := fmt.Sprintf("api_token = %q\naccount_id = %q\nbase_url = %q\n", e.Token, e.AccountID, e.BaseURL)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			// No token, in the block or the environment: refused, naming the variable.
			{Config: provider(fmt.Sprintf("account_id = %q\nbase_url = %q", e.AccountID, e.BaseURL)), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Missing Cloudflare API Token[\s\S]*CLOUDFLARE_API_TOKEN`)},
			// No account ID: refused, naming the variable.
			{Config: provider(fmt.Sprintf("api_token = %q\nbase_url = %q", e.Token, e.BaseURL)), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Missing Cloudflare Account ID[\s\S]*CLOUDFLARE_ACCOUNT_ID`)},
			// A store ID that is not 32 hex digits is refused.
			{Config: provider(valid + `store_id = "nope"`), PlanOnly: true,
				ExpectError: regexp.MustCompile(`32 lowercase hexadecimal`)},
			// A base URL that is not absolute is refused.
			{Config: provider(fmt.Sprintf("api_token = %q\naccount_id = %q\nbase_url = \"api.example.com\"", e.Token, e.AccountID)), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Invalid Base URL[\s\S]*absolute http or https URL`)},
			// Credentials in the URL are refused, and never shown back.
			{Config: provider(fmt.Sprintf("api_token = %q\naccount_id = %q\nbase_url = \"https://proxy:hunter2@proxy.example.com/client/v4\"", e.Token, e.AccountID)), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Invalid Base URL[\s\S]*https://xxxxx@proxy.example.com[\s\S]*must\s+not\s+carry\s+credentials`)},
			// A namespace with "--" is refused.
			{Config: provider(valid + `namespace = "a--b"`), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Invalid Namespace`)},
			// max_retries beyond its bound is refused.
			{Config: provider(valid + `max_retries = 99`), PlanOnly: true,
				ExpectError: regexp.MustCompile(`max_retries`)},
			// A request_timeout that is not a duration is refused.
			{Config: provider(valid + `request_timeout = "soon"`), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Invalid Time Duration String Value[\s\S]*request_timeout`)},
			// A request_timeout below 1s is refused, saying the range.
			{Config: provider(valid + `request_timeout = "100ms"`), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Invalid Request Timeout[\s\S]*"100ms"[\s\S]*from 1s to\s+10m0s`)},
			// A wrong token fails naming the account and the permission it needs.
			{Config: provider(fmt.Sprintf("api_token = \"wrong\"\naccount_id = %q\nbase_url = %q", e.AccountID, e.BaseURL)), PlanOnly: true,
				ExpectError: regexp.MustCompile(`account\s+` + e.AccountID + `[\s\S]*Secrets\s+Store\s+Edit`)},
		},
	})
}

func TestProviderConfigFromEnvironment(t *testing.T) {
	// Serial: t.Setenv sets the provider's variables for the whole process.
	e := acctest.New(t)
	e.NeedsEmulator(t)
	t.Setenv("CLOUDFLARE_API_TOKEN", e.Token)
	t.Setenv("CLOUDFLARE_ACCOUNT_ID", e.AccountID)
	t.Setenv("CLOUDFLARE_BASE_URL", e.BaseURL)
	t.Setenv("LAYERON_NAMESPACE", "from_env")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{{
			// With no provider block, every setting comes from the
			// environment, the namespace included.
			Config: secretBlock,
			Check:  resource.TestCheckResourceAttr("layeron_secret.test", "secret_name", "from_env--k"),
		}},
	})
}

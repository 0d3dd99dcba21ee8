package functions_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// Functions need no provider configuration, no credentials and no store.
func run(t *testing.T, steps ...resource.TestStep) {
	e := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		Steps:                    steps,
	})
}

func output(name string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownOutputValue(name, check)
}

func TestFunctionHMAC(t *testing.T) {
	t.Parallel()
	// hmac matches RFC 4231 test case 2, and verify_hmac accepts only the
	// right message and algorithm, in either case of hex.
	run(t, resource.TestStep{
		Config: `
locals {
  sig = provider::layeron::hmac("Jefe", "what do ya want for nothing?", "HS256")
}
output "rfc4231_case2" { value = local.sig }
output "sha512" { value = provider::layeron::hmac("Jefe", "what do ya want for nothing?", "sha512") }
output "verifies" { value = provider::layeron::verify_hmac("Jefe", "what do ya want for nothing?", upper(local.sig), "HS256") }
output "wrong_message" { value = provider::layeron::verify_hmac("Jefe", "what do ya want for something?", local.sig, "HS256") }
output "wrong_algorithm" { value = provider::layeron::verify_hmac("Jefe", "what do ya want for nothing?", local.sig, "HS384") }
`,
		ConfigStateChecks: []statecheck.StateCheck{
			output("rfc4231_case2", knownvalue.StringExact("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")),
			output("sha512", knownvalue.StringExact("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737")),
			output("verifies", knownvalue.Bool(true)),
			output("wrong_message", knownvalue.Bool(false)),
			output("wrong_algorithm", knownvalue.Bool(false)),
		},
	})
}

func TestFunctionHMACErrors(t *testing.T) {
	t.Parallel()
	step := func(expr, want string) resource.TestStep {
		return resource.TestStep{Config: `output "x" { value = ` + expr + ` }`, ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`))}
	}
	// An empty key, an unknown algorithm and a signature that is not hex
	// each fail the plan with their message.
	run(t,
		step(`provider::layeron::hmac("", "m", "HS256")`, `key must not be empty`),
		step(`provider::layeron::hmac("k", "m", "MD5")`, `algorithm "MD5" is not supported`),
		step(`provider::layeron::verify_hmac("k", "m", "not-hex", "HS256")`, `signature must be a non-empty hex string`),
	)
}

// The key set {"2" = old, "3" = new} is what the active selector yields
// during a rotation overlap.
const jwtLocals = `
locals {
  keys   = { "2" = "old-key-material", "3" = "new-key-material" }
  claims = { sub = "svc-billing", aud = "api", exp = 1798761600, scopes = ["read", "write"], admin = false }
  by_old = provider::layeron::sign_jwt(local.claims, local.keys["2"], { kid = "2" })
  by_new = provider::layeron::sign_jwt(local.claims, local.keys["3"], { kid = "3", alg = "HS256" })
  other  = provider::layeron::sign_jwt({ sub = "admin" }, "attacker-key", { kid = "3" })
  hs512  = provider::layeron::sign_jwt(local.claims, local.keys["3"], { kid = "3", alg = "HS512" })
  parts  = split(".", local.by_new)
  forged = join(".", [split(".", local.other)[0], split(".", local.other)[1], local.parts[2]])
  before = { now = "2026-12-01T00:00:00Z", aud = "api" }
}
`

func TestFunctionJWT(t *testing.T) {
	t.Parallel()
	// Tokens by either key of the set verify; a forged, expired, wrong
	// audience, unpinned-algorithm or retired-key token does not, saying why.
	run(t, resource.TestStep{
		Config: jwtLocals + `
output "old_valid" { value = provider::layeron::verify_jwt(local.by_old, local.keys, local.before) }
output "new_valid" { value = provider::layeron::verify_jwt(local.by_new, local.keys, local.before).valid }
output "claims"    { value = jsondecode(provider::layeron::verify_jwt(local.by_new, local.keys, {}).claims).sub }
output "tampered"  { value = provider::layeron::verify_jwt(local.forged, local.keys, {}).valid }
output "alg_swap"  { value = provider::layeron::verify_jwt(local.hs512, local.keys, {}) }
output "pinned"    { value = provider::layeron::verify_jwt(local.hs512, local.keys, { alg = "HS512" }).valid }
output "expired"   { value = provider::layeron::verify_jwt(local.by_new, local.keys, { now = "2027-01-01T00:00:01Z" }) }
output "leeway"    { value = provider::layeron::verify_jwt(local.by_new, local.keys, { now = "2027-01-01T00:00:01Z", leeway = 60 }).valid }
output "wrong_aud" { value = provider::layeron::verify_jwt(local.by_new, local.keys, { aud = "web" }).valid }
output "retired"   { value = provider::layeron::verify_jwt(local.by_old, { "3" = local.keys["3"] }, {}) }
`,
		ConfigStateChecks: []statecheck.StateCheck{
			output("old_valid", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"valid": knownvalue.Bool(true), "reason": knownvalue.StringExact(""), "kid": knownvalue.StringExact("2"),
				"alg": knownvalue.StringExact("HS256"), "claims": knownvalue.StringExact(`{"admin":false,"aud":"api","exp":1798761600,"scopes":["read","write"],"sub":"svc-billing"}`),
			})),
			output("new_valid", knownvalue.Bool(true)),
			output("claims", knownvalue.StringExact("svc-billing")),
			output("tampered", knownvalue.Bool(false)),
			output("alg_swap", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"valid": knownvalue.Bool(false), "reason": knownvalue.StringExact(`the token's algorithm "HS512" is not the pinned HS256`),
			})),
			output("pinned", knownvalue.Bool(true)),
			output("expired", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"valid": knownvalue.Bool(false), "reason": knownvalue.StringExact("the token expired at 2027-01-01T00:00:00Z"),
			})),
			output("leeway", knownvalue.Bool(true)),
			output("wrong_aud", knownvalue.Bool(false)),
			// A token by a key that rotation retired from the set.
			output("retired", knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"valid": knownvalue.Bool(false), "reason": knownvalue.StringExact(`kid "2" is not in keys`), "kid": knownvalue.StringExact("2"),
			})),
		},
	})
}

func TestFunctionJWTErrors(t *testing.T) {
	t.Parallel()
	step := func(expr, want string) resource.TestStep {
		return resource.TestStep{Config: jwtLocals + `output "x" { value = ` + expr + ` }`, ExpectError: regexp.MustCompile(strings.ReplaceAll(want, " ", `\s+`))}
	}
	// Malformed tokens, missing or empty keys, unsupported algorithms and
	// bad arguments each fail the plan with their message.
	run(t,
		step(`provider::layeron::verify_jwt("not.a-token", local.keys, {})`, `token is malformed`),
		step(`provider::layeron::verify_jwt(local.by_new, {}, {})`, `key set is empty`),
		step(`provider::layeron::verify_jwt(local.by_new, local.keys, { alg = "none" })`, `algorithm "none" is not supported`),
		step(`provider::layeron::verify_jwt(local.by_new, local.keys, { now = "tomorrow" })`, `not an RFC3339 timestamp`),
		step(`provider::layeron::sign_jwt("just a string", "k", {})`, `claims must be an object`),
		step(`provider::layeron::sign_jwt({ a = 1 }, "", {})`, `key must not be empty`),
		step(`provider::layeron::sign_jwt({ a = 1 }, "k", { alg = "RS256" })`, `algorithm "RS256" is not supported`),
	)
}

package datasources_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Comments edited to hold terminal control sequences are damaged metadata:
// a retained copy carrying one is skipped, a current secret carrying one
// reads as no secret, and nothing of either reaches Terraform's output.
func TestSecretVersionHostileComments(t *testing.T) {
	t.Parallel()
	e := acctest.New(t)
	e.NeedsEmulator(t)
	dayBefore := acctest.Start.AddDate(0, 0, -1)
	current := versions.Meta{Namespace: e.Namespace, Name: "hostile", Kind: versions.KindRandom, Version: 2, From: acctest.Start}
	// Encode escapes the sequence, as another tool writing the comment
	// would; Decode must not unescape it into a field.
	copied := versions.Meta{Namespace: e.Namespace, Name: "hostile", Kind: versions.KindRandom, Version: 1, From: dayBefore,
		Retired: true, Until: acctest.Start, ExpiresNever: true, Purpose: "\x1b[31mred\x1b[0m"}
	damaged := versions.Meta{Namespace: e.Namespace, Name: "damaged", Kind: versions.KindRandom, Version: 1, From: acctest.Start}
	// Neither ESC nor CSI (U+009B) anywhere in the output.
	clean := func(want string) *regexp.Regexp {
		return regexp.MustCompile(`\A[^\x1b\x{9b}]*` + want + `[^\x1b\x{9b}]*\z`)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: e.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					_, err := e.Client().Create(context.Background(), []client.NewSecret{
						{Name: versions.CurrentName(e.Namespace, "hostile"), Value: "v2", Comment: versions.Encode(current), Scopes: []string{"workers"}},
						{Name: versions.CopyName(e.Namespace, "hostile", 1), Value: "v1", Comment: versions.Encode(copied), Scopes: []string{"workers"}},
						{Name: versions.CurrentName(e.Namespace, "damaged"), Value: "v1", Comment: versions.Encode(damaged) + " owner=%9B2J%1B%5D0;title%07", Scopes: []string{"workers"}},
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:            e.Config(read("hostile", `"hostile"`, `selector = "active"`)),
				ConfigStateChecks: []statecheck.StateCheck{versionsOut("hostile", "2")},
			},
			{
				Config:      e.Config(read("damaged", `"damaged"`, "")),
				ExpectError: clean(`Secret Not Found[\s\S]*Layeron\s+secrets\s+in\s+namespace[\s\S]*damaged,\s+hostile`),
			},
		},
	})
}

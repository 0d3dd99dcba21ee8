package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

func TestMain(m *testing.M) {
	resource.AddTestSweepers("layeron_secret", &resource.Sweeper{Name: "layeron_secret", F: acctest.SweepLive})
	resource.TestMain(m)
}

package resources_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// The benchmarks drive the real CLI against the emulator answering every
// request after benchLatency, roughly a round trip to the Cloudflare API.
// `make bench` runs them; BENCHMARKS.md keeps the results.
const benchLatency = 20 * time.Millisecond

var benchSizes = []int{10, 50, 90}

func benchConfig(e *acctest.Env, n int, reason string) string {
	return e.Configf(`
resource "layeron_secret" "test" {
  count             = %d
  name              = "key_${count.index}"
  kind              = "random"
  rotation_triggers = { reason = %q }
}
`, n, reason)
}

// benchSteps runs b.N measured steps after an unmeasured first apply, and
// reports the API requests of the measured steps per op.
func benchSteps(b *testing.B, n int, measured func(e *acctest.Env, i int) resource.TestStep) {
	e := acctest.New(b)
	e.NeedsEmulator(b)
	steps := []resource.TestStep{{Config: benchConfig(e, n, "0")}}
	for i := range b.N {
		step := measured(e, i)
		if i == 0 {
			step.PreConfig = func() {
				e.Emulator.SetLatency(benchLatency)
				e.Emulator.ResetCounters()
				b.ResetTimer()
			}
		}
		steps = append(steps, step)
	}
	requests := 0
	stop := func() {
		b.StopTimer()
		requests = e.Emulator.Count("")
		e.Emulator.SetLatency(0)
	}
	last := measured(e, b.N)
	last.PreConfig = stop
	steps = append(steps, last)
	resource.Test(acctest.Bench{B: b}, resource.TestCase{ProtoV6ProviderFactories: e.Factories(), Steps: steps})
	b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
}

// BenchmarkPlan is `terraform plan` of n unchanged secrets, refresh
// included.
func BenchmarkPlan(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("secrets=%d", n), func(b *testing.B) {
			benchSteps(b, n, func(e *acctest.Env, _ int) resource.TestStep {
				return resource.TestStep{Config: benchConfig(e, n, "0"), PlanOnly: true}
			})
		})
	}
}

// BenchmarkRotateAll is a step that rotates n secrets at once: plan, apply
// and the harness's check that a second plan is empty.
func BenchmarkRotateAll(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("secrets=%d", n), func(b *testing.B) {
			benchSteps(b, n, func(e *acctest.Env, i int) resource.TestStep {
				return resource.TestStep{Config: benchConfig(e, n, fmt.Sprint(i+1))}
			})
		})
	}
}

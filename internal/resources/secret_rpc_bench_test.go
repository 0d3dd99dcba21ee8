package resources_test

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/layeron/terraform-provider-layeron/internal/acctest"
)

// BenchmarkRPC measures, without the CLI, each call Terraform makes to the
// provider for one random secret, on a store the provider has already
// listed: what a plan or an apply of n secrets pays n times. Whole commands
// vary by 15 % or more from run to run on a shared machine; a call repeated
// b.N times, and its allocations, do not, so this is where a change to the
// per-call work is measured. Each call is also made to schemaOnlyProvider,
// the same schema without the provider's logic: the framework's share.
func BenchmarkRPC(b *testing.B) {
	e := acctest.New(b)
	e.NeedsEmulator(b)
	ctx := context.Background()
	server, err := e.Factories()["layeron"]()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	providerConfig := dynamicValue(b, schemas.Provider, map[string]tftypes.Value{
		"api_token":  tftypes.NewValue(tftypes.String, e.Token),
		"account_id": tftypes.NewValue(tftypes.String, e.AccountID),
		"base_url":   tftypes.NewValue(tftypes.String, e.BaseURL),
		"namespace":  tftypes.NewValue(tftypes.String, e.Namespace),
	})
	if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: providerConfig}); err != nil || hasError(resp.Diagnostics) {
		b.Fatalf("configuring the provider: %v %v", err, resp.Diagnostics)
	}
	schema := schemas.ResourceSchemas["layeron_secret"]
	declare := func(name string) *tfprotov6.DynamicValue {
		return dynamicValue(b, schema, map[string]tftypes.Value{
			"name": tftypes.NewValue(tftypes.String, name),
			"kind": tftypes.NewValue(tftypes.String, "random"),
			"rotation_triggers": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String},
				map[string]tftypes.Value{"reason": tftypes.NewValue(tftypes.String, "0")}),
		})
	}
	config, absent := declare("key"), absentState(b, schema)

	// The secret each call works on, made as an apply makes it.
	planned, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "layeron_secret", PriorState: absent, ProposedNewState: config, Config: config})
	if err != nil || hasError(planned.Diagnostics) {
		b.Fatalf("planning the secret: %v %v", err, planned.Diagnostics)
	}
	applied, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: "layeron_secret", PriorState: absent, PlannedState: planned.PlannedState, Config: config, PlannedPrivate: planned.PlannedPrivate})
	if err != nil || hasError(applied.Diagnostics) {
		b.Fatalf("creating the secret: %v %v", err, applied.Diagnostics)
	}
	state, private := applied.NewState, applied.Private
	stored := rawState(b, schema, state)
	other := declare("other")

	// Each call runs once more before the timed loop, to check that a call
	// on the unchanged secret returns the state Terraform sent.
	calls := []struct {
		name      string
		unchanged bool
		run       func(b *testing.B, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue
	}{
		{"validate", false, func(b *testing.B, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue {
			resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "layeron_secret", Config: config})
			check(b, err, resp.Diagnostics)
			return nil
		}},
		{"upgrade", true, func(b *testing.B, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue {
			resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "layeron_secret", Version: schema.Version, RawState: stored})
			check(b, err, resp.Diagnostics)
			return resp.UpgradedState
		}},
		{"read", true, func(b *testing.B, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue {
			resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "layeron_secret", CurrentState: state, Private: private})
			check(b, err, resp.Diagnostics)
			return resp.NewState
		}},
		{"plan-no-change", true, func(b *testing.B, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue {
			resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "layeron_secret", PriorState: state, ProposedNewState: state, Config: config, PriorPrivate: private})
			check(b, err, resp.Diagnostics)
			if resp.RequiresReplace != nil {
				b.Fatal("the unchanged secret plans a replacement")
			}
			return resp.PlannedState
		}},
		{"plan-create", false, func(b *testing.B, server tfprotov6.ProviderServer) *tfprotov6.DynamicValue {
			resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "layeron_secret", PriorState: absent, ProposedNewState: other, Config: other})
			check(b, err, resp.Diagnostics)
			return resp.PlannedState
		}},
	}
	servers := []struct {
		name   string
		server tfprotov6.ProviderServer
	}{
		{"layeron", server},
		{"schema-only", providerserver.NewProtocol6(schemaOnlyProvider{})()},
	}
	for _, s := range servers {
		for _, call := range calls {
			b.Run(s.name+"/"+call.name, func(b *testing.B) {
				if got := call.run(b, s.server); call.unchanged && !sameValue(b, schema, got, state) {
					b.Fatal("the call on an unchanged secret changed its state")
				}
				b.ReportAllocs()
				before := e.Emulator.Count("")
				for b.Loop() {
					call.run(b, s.server)
				}
				if requests := e.Emulator.Count("") - before; requests != 0 {
					b.Fatalf("%d API requests: the calls must be served from the provider's listing", requests)
				}
			})
		}
	}
}

// check fails the benchmark on a failed call.
func check(b *testing.B, err error, diags []*tfprotov6.Diagnostic) {
	b.Helper()
	if err != nil || hasError(diags) {
		b.Fatalf("the call failed: %v %v", err, diags)
	}
}

// sameValue reports whether two values of schema's type are equal.
func sameValue(b *testing.B, schema *tfprotov6.Schema, x, y *tfprotov6.DynamicValue) bool {
	b.Helper()
	vx, err := x.Unmarshal(schema.ValueType())
	if err != nil {
		b.Fatal(err)
	}
	vy, err := y.Unmarshal(schema.ValueType())
	if err != nil {
		b.Fatal(err)
	}
	return vx.Equal(vy)
}

// dynamicValue is an object of schema's type with the given attributes, the
// others null, as Terraform sends it.
func dynamicValue(b *testing.B, schema *tfprotov6.Schema, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	b.Helper()
	typ := schema.ValueType().(tftypes.Object)
	values := map[string]tftypes.Value{}
	for name, t := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(t, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// absentState is the state of a resource that does not exist yet.
func absentState(b *testing.B, schema *tfprotov6.Schema) *tfprotov6.DynamicValue {
	b.Helper()
	typ := schema.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

// rawState is state as Terraform keeps it between commands: JSON.
func rawState(b *testing.B, schema *tfprotov6.Schema, state *tfprotov6.DynamicValue) *tfprotov6.RawState {
	b.Helper()
	v, err := state.Unmarshal(schema.ValueType())
	if err != nil {
		b.Fatal(err)
	}
	encoded, err := json.Marshal(jsonValue(b, v))
	if err != nil {
		b.Fatal(err)
	}
	return &tfprotov6.RawState{JSON: encoded}
}

// jsonValue is v in the form encoding/json writes as Terraform's state does.
func jsonValue(b *testing.B, v tftypes.Value) any {
	b.Helper()
	if v.IsNull() {
		return nil
	}
	var out any
	var err error
	switch typ := v.Type(); {
	case typ.Is(tftypes.String):
		var s string
		err, out = v.As(&s), s
	case typ.Is(tftypes.Bool):
		var x bool
		err, out = v.As(&x), x
	case typ.Is(tftypes.Number):
		n := new(big.Float)
		err, out = v.As(&n), json.Number(n.Text('f', -1))
	case typ.Is(tftypes.Object{}), typ.Is(tftypes.Map{}):
		var fields map[string]tftypes.Value
		err = v.As(&fields)
		object := make(map[string]any, len(fields))
		for name, field := range fields {
			object[name] = jsonValue(b, field)
		}
		out = object
	default:
		var items []tftypes.Value
		err = v.As(&items)
		list := make([]any, 0, len(items))
		for _, item := range items {
			list = append(list, jsonValue(b, item))
		}
		out = list
	}
	if err != nil {
		b.Fatalf("encoding a %s: %v", v.Type(), err)
	}
	return out
}

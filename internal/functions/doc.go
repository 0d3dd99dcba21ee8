// Package functions holds the provider-defined functions: pure signing and
// verification helpers that match the Layeron runtime, so configurations and
// `terraform test` can sign and check exactly as Workers do. Nothing here
// reads a clock, the network or state.
package functions

package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/layeron/terraform-provider-layeron/internal/provider"
)

// The docs are rendered by tfplugindocs from templates/, examples/ and the
// provider's schema, exported offline by scripts/docs.sh.
//go:generate scripts/docs.sh

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()
	if !debug {
		provider.SilenceUnreadLogs()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/layeron/layeron",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}

package provider

import "os"

// SilenceUnreadLogs turns off the logs of a provider that Terraform or
// OpenTofu launched without TF_LOG or TF_LOG_PROVIDER: the engine then
// discards every line, yet the SDKs log at trace level by default, so
// each line would be built, encoded as JSON, sent and decoded for nothing,
// about a fifth of the provider's CPU time. The SDKs' subsystems (framework,
// protocol) check their own level before building a line, and inherit the
// SDK's only when writing it, so they are turned off with it. Levels set
// explicitly are kept.
func SilenceUnreadLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	names := []string{"TF_LOG_PROVIDER_LAYERON"}
	if os.Getenv("TF_LOG_SDK") == "" {
		names = append(names, "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO")
	}
	for _, name := range names {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, "off")
		}
	}
}

package provider

import "os"

// SilenceUnreadLogs turns off the logs of a provider that Terraform or
// OpenTofu launched without TF_LOG or TF_LOG_PROVIDER: the engine then
// discards every line, yet the SDKs log at trace level by default, so
// each line would be built, encoded as JSON, sent and decoded for nothing,
// about a fifth of the provider's CPU time. Levels set explicitly are kept.
func SilenceUnreadLogs() {
	if os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_LAYERON"} {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, "off")
		}
	}
}

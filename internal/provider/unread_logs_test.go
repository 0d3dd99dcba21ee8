package provider

import (
	"os"
	"testing"
)

// Logs are silenced only when the engine would discard them, and a level
// set explicitly is never overridden.
func TestSilenceUnreadLogs(t *testing.T) {
	// Serial: t.Setenv changes the process's environment.
	for _, tc := range []struct {
		set              map[string]string
		sdk, providerLog string
	}{
		{set: map[string]string{}, sdk: "off", providerLog: "off"},
		{set: map[string]string{"TF_LOG": "debug"}, sdk: "", providerLog: ""},
		{set: map[string]string{"TF_LOG_PROVIDER": "trace"}, sdk: "", providerLog: ""},
		{set: map[string]string{"TF_LOG_SDK": "debug"}, sdk: "debug", providerLog: "off"},
	} {
		for _, name := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_PROVIDER_LAYERON"} {
			t.Setenv(name, tc.set[name])
		}
		SilenceUnreadLogs()
		if got := os.Getenv("TF_LOG_SDK"); got != tc.sdk {
			t.Errorf("with %v, TF_LOG_SDK = %q, want %q", tc.set, got, tc.sdk)
		}
		if got := os.Getenv("TF_LOG_PROVIDER_LAYERON"); got != tc.providerLog {
			t.Errorf("with %v, TF_LOG_PROVIDER_LAYERON = %q, want %q", tc.set, got, tc.providerLog)
		}
	}
}

package provider

import (
	"os"
	"testing"
)

// Logs are silenced only when the engine would discard them, and a level
// set explicitly, or inherited from one, is never overridden.
func TestSilenceUnreadLogs(t *testing.T) {
	// Serial: t.Setenv changes the process's environment.
	names := []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER_LAYERON"}
	for _, tc := range []struct {
		set  map[string]string
		want map[string]string
	}{
		{set: map[string]string{}, want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_SDK_PROTO": "off", "TF_LOG_PROVIDER_LAYERON": "off"}},
		{set: map[string]string{"TF_LOG": "debug"}, want: map[string]string{"TF_LOG": "debug"}},
		{set: map[string]string{"TF_LOG_PROVIDER": "trace"}, want: map[string]string{"TF_LOG_PROVIDER": "trace"}},
		// The subsystems inherit an explicit SDK level.
		{set: map[string]string{"TF_LOG_SDK": "debug"}, want: map[string]string{"TF_LOG_SDK": "debug", "TF_LOG_PROVIDER_LAYERON": "off"}},
		{set: map[string]string{"TF_LOG_SDK_FRAMEWORK": "trace"}, want: map[string]string{"TF_LOG_SDK": "off", "TF_LOG_SDK_FRAMEWORK": "trace", "TF_LOG_SDK_PROTO": "off", "TF_LOG_PROVIDER_LAYERON": "off"}},
	} {
		for _, name := range names {
			t.Setenv(name, tc.set[name])
		}
		SilenceUnreadLogs()
		for _, name := range names {
			if got := os.Getenv(name); got != tc.want[name] {
				t.Errorf("with %v, %s = %q, want %q", tc.set, name, got, tc.want[name])
			}
		}
	}
}

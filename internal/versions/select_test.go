package versions

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSelect(t *testing.T) {
	t.Parallel()
	t0 := ts("2026-01-01T00:00:00Z")
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * Day) }
	// v4 current since day 21; v3 retired day 21, kept to day 31; v2 retired
	// day 14, kept to day 24; v1 was pruned.
	list := []Version{
		{Version: 4, ActiveFrom: day(21), Current: true},
		{Version: 3, ActiveFrom: day(14), RetiredAt: day(21), ExpiresAt: day(31)},
		{Version: 2, ActiveFrom: day(7), RetiredAt: day(14), ExpiresAt: day(24)},
	}
	forever := []Version{
		{Version: 2, ActiveFrom: day(7), Current: true},
		{Version: 1, ActiveFrom: day(0), RetiredAt: day(7)},
	}
	second := time.Second
	for _, tc := range []struct {
		name string
		list []Version
		sel  Selector
		want string // versions, or "error: <part of the message>"
	}{
		{"current", list, Selector{Kind: SelectCurrent}, "4"},
		{"version", list, Selector{Kind: SelectVersion, Version: 3}, "3"},
		{"pruned version", list, Selector{Kind: SelectVersion, Version: 1}, "error: version 1 is not in the store; the store holds 4 (current since"},
		{"at: before the oldest", list, Selector{Kind: SelectAt, At: day(7).Add(-second)}, "error: before the oldest retained version (2"},
		{"at: on a start", list, Selector{Kind: SelectAt, At: day(7)}, "2"},
		{"at: just before a retirement", list, Selector{Kind: SelectAt, At: day(14).Add(-second)}, "2"},
		{"at: on a retirement", list, Selector{Kind: SelectAt, At: day(14)}, "3"},
		{"at: current", list, Selector{Kind: SelectAt, At: day(21)}, "4"},
		{"at: far future", list, Selector{Kind: SelectAt, At: day(900)}, "4"},
		{"active: before anything", list, Selector{Kind: SelectActive, At: day(6)}, "error: no version is usable"},
		{"active: one", list, Selector{Kind: SelectActive, At: day(7)}, "2"},
		{"active: overlap", list, Selector{Kind: SelectActive, At: day(21)}, "4,3,2"},
		{"active: just before an expiry", list, Selector{Kind: SelectActive, At: day(24).Add(-second)}, "4,3,2"},
		{"active: on an expiry", list, Selector{Kind: SelectActive, At: day(24)}, "4,3"},
		{"active: after every expiry", list, Selector{Kind: SelectActive, At: day(31)}, "4"},
		{"active: kept forever", forever, Selector{Kind: SelectActive, At: day(400)}, "2,1"},
		{"at: kept forever", forever, Selector{Kind: SelectAt, At: day(3)}, "1"},
		{"nothing", nil, Selector{Kind: SelectCurrent}, "error: no version in the store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Select(tc.list, tc.sel)
			if msg, isErr := strings.CutPrefix(tc.want, "error: "); isErr {
				if err == nil || !strings.Contains(err.Error(), msg) {
					t.Fatalf("want an error containing %q, got %v, %v", msg, got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, v := range got {
				ids = append(ids, fmt.Sprint(v.Version))
			}
			if strings.Join(ids, ",") != tc.want {
				t.Errorf("got %v, want %s", ids, tc.want)
			}
		})
	}
}

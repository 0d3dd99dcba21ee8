package versions

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestValidateName(t *testing.T) {
	t.Parallel()
	for name, ok := range map[string]bool{
		"api_key": true, "stripe-webhook": true, "A1": true, "a-b-c": true,
		"": false, "a--b": false, "-a": false, "a-": false, "has space": false, "dot.ted": false, "ü": false,
		strings.Repeat("a", 128): true, strings.Repeat("a", 129): false,
	} {
		if err := ValidateName(name); (err == nil) != ok {
			t.Errorf("ValidateName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
	if ValidateNamespace(strings.Repeat("n", 64)) == nil {
		t.Error("namespaces are limited to 63 characters")
	}
}

func TestStoreNames(t *testing.T) {
	t.Parallel()
	if got := CopyName("shop", "api-key", 12); got != "shop--api-key--v12" {
		t.Errorf("CopyName = %q", got)
	}
	for in, want := range map[string]struct {
		ns, name string
		v        int
		ok       bool
	}{
		"shop--api-key":      {"shop", "api-key", 0, true},
		"shop--api-key--v12": {"shop", "api-key", 12, true},
		"shop--api-key--v0":  {ok: false},
		"shop--api-key--v01": {ok: false},
		"shop--api-key--x1":  {ok: false},
		"plain":              {ok: false},
		"a--b--v1--v2":       {ok: false},
	} {
		ns, name, v, ok := ParseStoreName(in)
		if ok != want.ok || (ok && (ns != want.ns || name != want.name || v != want.v)) {
			t.Errorf("ParseStoreName(%q) = %q %q %d %v", in, ns, name, v, ok)
		}
	}
}

func TestCodecRoundTrip(t *testing.T) {
	t.Parallel()
	for _, m := range []Meta{
		{Namespace: "default", Name: "api_key", Kind: "random", Version: 3, From: ts("2026-11-26T04:00:00Z"), Bytes: 32, Format: "text", EveryDays: 30, RetainMode: RetainFor, RetainDays: 7},
		{Namespace: "ns", Name: "n", Kind: "static", Version: 1, From: ts("2026-01-01T00:00:00Z"), Retired: true, Until: ts("2026-02-01T00:00:00Z"), ExpiresNever: true, MadeBy: "0123456789abcdef"},
		{Namespace: "ns", Name: "n", Kind: "random", Version: 4, From: ts("2026-01-01T00:00:00Z"), Holder: "fedcba9876543210"},
		{Namespace: "ns", Name: "n", Kind: "generated", Version: 2, From: ts("2026-01-01T00:00:00Z"), Retired: true, Until: ts("2026-02-01T00:00:00Z"), Expires: ts("2026-02-08T00:00:00Z")},
		{Namespace: "ns", Name: "n", Kind: "static", Version: 1, From: ts("2026-01-01T00:00:00Z"), Purpose: "billing = 100% of it; \"yes\" – café ☕", OwnerProduct: "shop", OwnerInstance: "i-1", Address: "KEY", Expose: "versioned", StartAt: "2026-01-01T00:00:00+02:00"},
	} {
		got, err := Decode(Encode(m))
		if err != nil {
			t.Fatalf("Decode(Encode(%+v)): %v", m, err)
		}
		if got != m {
			t.Errorf("round trip changed %+v into %+v", m, got)
		}
	}
	want := "layeron:1 ns=default name=api_key kind=random v=3 from=2026-11-26T04:00:00Z"
	if got := Encode(Meta{Namespace: "default", Name: "api_key", Kind: "random", Version: 3, From: ts("2026-11-26T04:00:00Z")}); got != want {
		t.Errorf("Encode = %q, want %q", got, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	if _, err := Decode("a comment someone wrote"); !errors.Is(err, ErrNoMarker) {
		t.Errorf("a foreign comment: %v", err)
	}
	for _, c := range []string{
		"layeron:1",
		"layeron:1 ns=a name=b kind=random v=0 from=2026-11-26T04:00:00Z",
		"layeron:1 ns=a name=b kind=random v=1 from=yesterday",
		"layeron:1 ns=a name=b kind=random v=1 v=2 from=2026-11-26T04:00:00Z",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z until=2026-11-27T04:00:00Z",
		"layeron:1 ns=a--b name=b kind=random v=1 from=2026-11-26T04:00:00Z",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z purpose=%zz",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z novalue",
		// Values a hand edit or another tool may leave, none of which
		// the provider could act on safely.
		"layeron:1 ns=a name=b kind= v=1 from=2026-11-26T04:00:00Z",
		"layeron:1 ns=a name=b kind=secret v=1 from=2026-11-26T04:00:00Z",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z every=36501",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z every=281474976710656",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z retain=retain_for days=999999",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z retain=sometimes",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z fmt=yaml",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z expose=all",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z every=30 start=garbage",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z addr=not%20an%20identifier",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z until=2026-11-25T04:00:00Z exp=never",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z until=2026-11-27T04:00:00Z exp=2026-11-26T05:00:00Z",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z held=ops",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z held=0123456789ABCDEF",
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z until=2026-11-27T04:00:00Z exp=never by=0123456789abcdef0",
	} {
		if _, err := Decode(c); err == nil || errors.Is(err, ErrNoMarker) {
			t.Errorf("Decode(%q) = %v, want a damage error", c, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("layeron:1 ns=default name=api_key kind=random v=3 from=2026-11-26T04:00:00Z until=2026-11-27T04:00:00Z exp=never")
	f.Add("layeron:1 purpose=%41%zz")
	f.Add("")
	f.Add("layeron:1 ns=a name=b kind=static v=7 from=2026-11-26T04:00:00Z bytes=32 fmt=kv every=30 start=2026-12-01T00:00:00Z " +
		"retain=retain_for days=7 addr=API_KEY expose=versioned owner=shop inst=i-1 purpose=pay%20ments trg=0123abcd wov=2 held=0123456789abcdef")
	f.Add("layeron:1 ns=a name=b kind=generated v=2 from=2026-11-26T04:00:00Z until=2026-11-27T04:00:00Z exp=2026-12-04T04:00:00Z by=fedcba9876543210")
	// Control characters and broken bytes, raw and escaped, for the
	// fuzzer to move into other fields.
	f.Add("layeron:1 ns=a name=b kind=static v=1 from=2026-11-26T04:00:00Z purpose=%1B%5B31mred owner=%C2%9B inst=%FF wov=%0D")
	f.Add("layeron:1 ns=a name=b kind=static v=1 from=2026-11-26T04:00:00Z purpose=\x1b[31mred owner=\u009b inst=\xff wov=a\rb")
	f.Add("layeron:1 ns=a name=b kind=static v=1 from=2026-11-26T04:00:00Z purpose=caf%C3%A9%20%E2%98%95 owner=é inst=%EF%BF%BD")
	f.Add("layeron:1 ns=a name=b kind=static v=1 from=2026-11-26T04:00:00Z newer\x1b]0;title\x07=ok")
	f.Fuzz(func(t *testing.T, comment string) {
		m, err := Decode(comment)
		if err != nil {
			// A refusal never carries what it refused.
			if bad := unsafeTextIn(err.Error()); bad != "" {
				t.Fatalf("Decode(%q) failed with an error holding %s: %q", comment, bad, err)
			}
			return
		}
		// Nothing that decodes may carry a control character or a broken
		// byte to a diagnostic, the terminal or state: not the comment,
		// even in a field this revision ignores, nor any field.
		if bad := unsafeTextIn(comment); bad != "" {
			t.Fatalf("Decode(%q) accepted a comment holding %s", comment, bad)
		}
		for field, value := range textFields(m) {
			if bad := unsafeTextIn(value); bad != "" {
				t.Fatalf("Decode(%q) accepted %s in %s: %q", comment, bad, field, value)
			}
		}
		if encoded := Encode(m); !printableASCII(encoded) {
			t.Fatalf("Encode wrote more than printable ASCII: %q", encoded)
		}
		// What decodes is what the provider can act on.
		if !slices.Contains(kinds, m.Kind) || m.EveryDays > MaxDays || m.RetainDays > MaxDays || m.Version < 1 {
			t.Fatalf("Decode(%q) accepted %+v", comment, m)
		}
		if m.Retired && (m.Until.Before(m.From) || (!m.ExpiresNever && m.Expires.Before(m.Until))) {
			t.Fatalf("Decode(%q) accepted times out of order: %+v", comment, m)
		}
		// Whatever decodes must survive a round trip unchanged.
		again, err := Decode(Encode(m))
		if err != nil || again != m {
			t.Fatalf("round trip of %q: %+v, %v", comment, again, err)
		}
	})
}

func FuzzParseStoreName(f *testing.F) {
	f.Add("shop--api-key--v12")
	f.Fuzz(func(t *testing.T, s string) {
		ns, name, v, ok := ParseStoreName(s)
		if !ok {
			return
		}
		rebuilt := CurrentName(ns, name)
		if v > 0 {
			rebuilt = CopyName(ns, name, v)
		}
		if rebuilt != s {
			t.Fatalf("%q parsed to %q %q %d, which names %q", s, ns, name, v, rebuilt)
		}
	})
}

// Whatever ParseID accepts names a store secret that parses back to it, so
// an import ID can never reach another secret or a retained copy.
func FuzzParseID(f *testing.F) {
	for _, seed := range []string{"shop/api-key", "api_key", "a/b/c", "shop--x/y", "/", "ns/", "-a/b", "ns/a--v1", "ns/é"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, id string) {
		ns, name, err := ParseID(id, "default")
		if err != nil {
			return
		}
		gotNS, gotName, v, ok := ParseStoreName(CurrentName(ns, name))
		if !ok || v != 0 || gotNS != ns || gotName != name {
			t.Fatalf("%q was accepted as %q/%q, whose store name parses to %q/%q v%d ok=%v", id, ns, name, gotNS, gotName, v, ok)
		}
		if len(name) > MaxNameLength || len(ns) > MaxNamespaceLength {
			t.Fatalf("%q was accepted with a name or namespace over the limit", id)
		}
	})
}

// A valid name joins no separator and keeps a copy's name apart from any
// other secret's current name.
func FuzzValidateName(f *testing.F) {
	for _, seed := range []string{"api_key", "a-b", "a--b", "-a", "a-", "v1", strings.Repeat("x", 129), "ns\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if ValidateName(name) != nil {
			return
		}
		if strings.Contains(name, separator) || name == "" || len(name) > MaxNameLength {
			t.Fatalf("%q was accepted", name)
		}
		for _, r := range name {
			if !strings.ContainsRune("_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", r) {
				t.Fatalf("%q was accepted with %q", name, r)
			}
		}
		if _, _, v, ok := ParseStoreName(CopyName("ns", name, 3)); !ok || v != 3 {
			t.Fatalf("the copy name of %q does not parse back as version 3", name)
		}
	})
}

func TestScheduleNext(t *testing.T) {
	t.Parallel()
	created := ts("2026-01-10T12:00:00Z")
	for _, tc := range []struct {
		name     string
		schedule Schedule
		from     string
		want     string
	}{
		{"first period after creation", Schedule{EveryDays: 30}, "2026-01-10T12:00:00Z", "2026-02-09T12:00:00Z"},
		{"after a rotation on time", Schedule{EveryDays: 30}, "2026-02-09T12:00:00Z", "2026-03-11T12:00:00Z"},
		{"late rotation keeps the grid", Schedule{EveryDays: 30}, "2026-02-20T08:00:00Z", "2026-03-11T12:00:00Z"},
		{"missed periods rotate once, to the next slot", Schedule{EveryDays: 7}, "2026-04-01T00:00:00Z", "2026-04-04T12:00:00Z"},
		{"start_at in the future", Schedule{EveryDays: 30, StartAt: ts("2026-06-01T00:00:00Z")}, "2026-01-10T12:00:00Z", "2026-06-01T00:00:00Z"},
		{"start_at in the past", Schedule{EveryDays: 10, StartAt: ts("2025-12-01T00:00:00Z")}, "2026-01-10T12:00:00Z", "2026-01-20T00:00:00Z"},
		{"on a slot, the next one", Schedule{EveryDays: 10, StartAt: ts("2025-12-01T00:00:00Z")}, "2026-01-20T00:00:00Z", "2026-01-30T00:00:00Z"},
		// 2026-03-29 is a DST change in Europe: UTC days do not care.
		{"across a DST change", Schedule{EveryDays: 1, StartAt: ts("2026-03-28T01:30:00Z")}, "2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z"},
		// Past 292 years a time.Duration overflows: the grid must hold.
		{"start_at in year 1", Schedule{EveryDays: 1, StartAt: ts("0001-01-02T00:00:00Z")}, "2026-01-10T12:00:00Z", "2026-01-11T00:00:00Z"},
		{"the longest period", Schedule{EveryDays: MaxDays, StartAt: ts("1900-01-01T00:00:00Z")}, "2026-01-10T12:00:00Z", "2099-11-13T00:00:00Z"},
		{"fractions of a second count", Schedule{EveryDays: 1, StartAt: ts("2026-01-01T00:00:00.5Z")}, "2026-01-02T00:00:00.4Z", "2026-01-02T00:00:00.5Z"},
		{"fractions of a second, past the slot", Schedule{EveryDays: 1, StartAt: ts("2026-01-01T00:00:00.5Z")}, "2026-01-02T00:00:00.6Z", "2026-01-03T00:00:00.5Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.schedule.Next(created, ts(tc.from)); !got.Equal(ts(tc.want)) {
				t.Errorf("Next = %s, want %s", got.Format(time.RFC3339), tc.want)
			}
		})
	}
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	until := ts("2026-01-01T00:00:00Z")
	if exp, never := (Retention{Mode: RetainFor, Days: 7}).Expiry(until); never || !exp.Equal(ts("2026-01-08T00:00:00Z")) {
		t.Errorf("retain_for 7: %s %v", exp, never)
	}
	if _, never := (Retention{Mode: RetainForever}).Expiry(until); !never {
		t.Error("retain_forever never expires")
	}
}

func TestCollect(t *testing.T) {
	t.Parallel()
	from := ts("2026-01-01T00:00:00Z")
	secrets := []StoreSecret{
		{ID: "1", Name: "ns--key", Comment: Encode(Meta{Namespace: "ns", Name: "key", Kind: "random", Version: 3, From: from})},
		{ID: "2", Name: "ns--key--v1", Comment: Encode(Meta{Namespace: "ns", Name: "key", Kind: "random", Version: 1, From: from, Retired: true, Until: from, ExpiresNever: true})},
		{ID: "3", Name: "ns--key--v2", Comment: Encode(Meta{Namespace: "ns", Name: "key", Kind: "random", Version: 2, From: from, Retired: true, Until: from, Expires: from.Add(Day)})},
		{ID: "4", Name: "ns--key--v4", Comment: "layeron:1 broken"},
		{ID: "5", Name: "ns--key--v5", Comment: Encode(Meta{Namespace: "ns", Name: "other", Kind: "random", Version: 5, From: from, Retired: true, Until: from, ExpiresNever: true})},
		{ID: "6", Name: "ns--key--v6", Comment: "not ours"},
		{ID: "7", Name: "ns--keyring", Comment: Encode(Meta{Namespace: "ns", Name: "keyring", Kind: "random", Version: 1, From: from})},
	}
	f := Collect("ns", "key", secrets)
	if f.Current == nil || f.Current.ID != "1" || !f.Current.Marked {
		t.Fatalf("current: %+v", f.Current)
	}
	if len(f.Copies) != 2 || f.Copies[0].Meta.Version != 2 || f.Copies[1].Meta.Version != 1 {
		t.Errorf("copies, newest first: %+v", f.Copies)
	}
	if len(f.Damaged) != 2 {
		t.Errorf("a broken comment and a copy naming another secret are damaged: %+v", f.Damaged)
	}
	if f.HighestVersion() != 3 {
		t.Errorf("HighestVersion = %d", f.HighestVersion())
	}
	if vs := f.Versions(); len(vs) != 3 || !vs[0].Current || !vs[2].ExpiresAt.IsZero() {
		t.Errorf("Versions: %+v", vs)
	}
	foreign := Collect("ns", "key", []StoreSecret{{ID: "9", Name: "ns--key", Comment: "made by hand"}})
	if foreign.Current == nil || foreign.Current.Marked {
		t.Errorf("an unmarked current secret is seen, not owned: %+v", foreign.Current)
	}
}

func TestHolderIn(t *testing.T) {
	t.Parallel()
	for comment, want := range map[string]string{
		"layeron:1 ns=a name=b kind=random v=1 from=2026-11-26T04:00:00Z held=0123456789abcdef": "0123456789abcdef",
		"layeron:1 garbage held=0123456789abcdef":                                               "0123456789abcdef",
		"layeron:1 garbage xheld=0123456789abcdef":                                              "",
		"layeron:1 held=0123456789ABCDEF":                                                       "",
		"rotated by hand held=0123456789abcdef":                                                 "",
	} {
		if got := HolderIn(comment); got != want {
			t.Errorf("HolderIn(%q) = %q, want %q", comment, got, want)
		}
	}
}

func TestSecrets(t *testing.T) {
	t.Parallel()
	from := ts("2026-01-01T00:00:00Z")
	current := func(ns, name string) StoreSecret {
		return StoreSecret{Name: CurrentName(ns, name), Comment: Encode(Meta{Namespace: ns, Name: name, Kind: "random", Version: 2, From: from})}
	}
	listing := []StoreSecret{
		current("shop", "webhook"),
		current("shop", "api-key"),
		{Name: "shop--api-key--v1", Comment: Encode(Meta{Namespace: "shop", Name: "api-key", Kind: "random", Version: 1, From: from, Retired: true, Until: from, ExpiresNever: true})},
		current("billing", "token"),
		{Name: "shop--by-hand", Comment: "made in the dashboard"},
		{Name: "STRIPE_KEY", Comment: ""},
		{Name: "shop--forged", Comment: Encode(Meta{Namespace: "shop", Name: "other", Kind: "random", Version: 1, From: from})},
		{Name: "shop--orphan--v3", Comment: Encode(Meta{Namespace: "shop", Name: "orphan", Kind: "random", Version: 3, From: from, Retired: true, Until: from, ExpiresNever: true})},
	}
	names := func(fs []Family) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Namespace+"/"+f.Name)
		}
		return out
	}
	if got, want := names(Secrets(listing, "")), []string{"billing/token", "shop/api-key", "shop/webhook"}; !slices.Equal(got, want) {
		t.Errorf("Secrets(all) = %v, want %v", got, want)
	}
	shop := Secrets(listing, "shop")
	if got, want := names(shop), []string{"shop/api-key", "shop/webhook"}; !slices.Equal(got, want) {
		t.Errorf("Secrets(shop) = %v, want %v", got, want)
	}
	if len(shop[0].Copies) != 1 {
		t.Errorf("a secret's family keeps its copies: %+v", shop[0])
	}
	if got := Secrets(listing, "nowhere"); len(got) != 0 {
		t.Errorf("Secrets(nowhere) = %v", names(got))
	}
}

func TestRevoke(t *testing.T) {
	t.Parallel()
	from := ts("2026-01-01T00:00:00Z")
	member := func(v int, retired bool) Member {
		return Member{StoreSecret: StoreSecret{Name: CopyName("ns", "key", v)}, Meta: Meta{Version: v, Retired: retired}, Marked: true}
	}
	family := Family{Namespace: "ns", Name: "key", Current: &Member{Meta: Meta{Version: 4, From: from}, Marked: true},
		Copies: []Member{member(4, true), member(3, true), member(1, true)}}
	versionsOf := func(ms []Member) []int {
		var out []int
		for _, m := range ms {
			out = append(out, m.Meta.Version)
		}
		return out
	}
	for _, tc := range []struct {
		requested, deleted, notKept []int
		err                         string
	}{
		{requested: nil, deleted: []int{3, 1}},
		{requested: []int{1}, deleted: []int{1}},
		{requested: []int{3, 2, 2, 1}, deleted: []int{3, 1}, notKept: []int{2}},
		{requested: []int{7}, notKept: []int{7}},
		{requested: []int{1, 4}, err: "version 4 is the current version"},
	} {
		got, err := family.Revoke(tc.requested)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || got.Delete != nil {
				t.Errorf("Revoke(%v) = %+v, %v; want error %q and nothing to delete", tc.requested, got, err, tc.err)
			}
			continue
		}
		if err != nil || !slices.Equal(versionsOf(got.Delete), tc.deleted) || !slices.Equal(got.NotKept, tc.notKept) {
			t.Errorf("Revoke(%v) = delete %v, not kept %v, %v; want %v, %v", tc.requested, versionsOf(got.Delete), got.NotKept, err, tc.deleted, tc.notKept)
		}
	}
	if got, _ := (Family{Namespace: "ns", Name: "gone", Copies: []Member{member(2, true)}}).Revoke(nil); len(got.Delete) != 1 {
		t.Errorf("the copies of a secret without a current one are revocable: %+v", got)
	}
}

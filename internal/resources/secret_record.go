package resources

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// privateRecord is the private state key of the record. Earlier releases
// kept only the modified time, under privateLegacyModified.
const (
	privateRecord         = "record"
	privateLegacyModified = "modified"
)

// record is what the provider keeps in private state of the store secrets
// it made: what the store cannot be trusted to remember, since anyone with
// access can edit a comment or delete a secret.
type record struct {
	// SecretID is the id of the current store secret, which proves it is
	// the provider's whatever its comment says.
	SecretID string `json:"secret_id,omitempty"`
	// Version is the highest version made or seen, so that none is reused.
	Version int `json:"version,omitempty"`
	// Current is the version the provider last made or saw current.
	Current int `json:"current,omitempty"`
	// Modified and Metadata are the current secret's modified time and a
	// digest of its comment and scopes when last seen: a moved time with
	// the same digest is a write of its value alone, from outside.
	Modified string `json:"modified,omitempty"`
	Metadata string `json:"metadata,omitempty"`
	// Holder is the token this state stamps on the current secret: one
	// that carries another token is held by another configuration.
	Holder string `json:"holder,omitempty"`
	// Rotation is the token of a rotation that failed after making its
	// copy, so that the next apply takes that copy as its own.
	Rotation string `json:"rotation,omitempty"`
	// TakeOverFrom is the holder an import found: the next apply stamps
	// this state's holder over it.
	TakeOverFrom string `json:"take_over_from,omitempty"`
	// DecidedAt is the instant of the last refresh, or of the last apply:
	// whether a rotation is due and which copies have expired is judged at
	// it, by the plan and again by the apply, so that a plan applied hours
	// later applies what it showed. The next refresh moves it on.
	DecidedAt string `json:"decided_at,omitempty"`
}

// decisionTime is the instant the plan and the apply judge the clock's
// rules at: the last refresh, or now for a record from before it was kept.
func (rec record) decisionTime(now time.Time) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, rec.DecidedAt); err == nil {
		return t
	}
	return now
}

// decide takes the clock's rules at now from here on.
func (rec *record) decide(now time.Time) { rec.DecidedAt = now.UTC().Format(time.RFC3339Nano) }

// heldElsewhere reports whether another configuration took over the
// secret this state held: its current secret carries another holder. An
// import takes it over instead.
func (rec record) heldElsewhere(current *versions.Member) bool {
	return rec.otherHolder(current) && current.Meta.Holder != rec.TakeOverFrom
}

// takingOver reports whether an import of current is yet to stamp this
// state's holder over the one it found.
func (rec record) takingOver(current *versions.Member) bool {
	return rec.otherHolder(current) && current.Meta.Holder == rec.TakeOverFrom
}

func (rec record) otherHolder(current *versions.Member) bool {
	return current != nil && current.Marked && current.Meta.Holder != "" && current.Meta.Holder != rec.Holder
}

type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// loadRecord reads the record; what it lacks is zero.
func loadRecord(ctx context.Context, private privateState) record {
	var rec record
	if b, _ := private.GetKey(ctx, privateRecord); len(b) > 0 && json.Unmarshal(b, &rec) == nil && rec.Version >= 0 {
		return rec
	}
	rec = record{}
	if b, _ := private.GetKey(ctx, privateLegacyModified); len(b) > 0 {
		_ = json.Unmarshal(b, &rec.Modified)
	}
	return rec
}

func (rec record) save(ctx context.Context, private privateState) diag.Diagnostics {
	b, err := json.Marshal(rec)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to Record Secret State", "Encoding the private state of the secret failed: "+err.Error()+".")
		return diags
	}
	return private.SetKey(ctx, privateRecord, b)
}

// saw records the family as the provider's own writes left it.
func (rec *record) saw(family versions.Family) {
	rec.Version = max(rec.Version, family.HighestVersion())
	if c := family.Current; c != nil && c.Marked {
		rec.Current = c.Meta.Version
		rec.SecretID = c.ID
		rec.Modified = c.Modified.Format(time.RFC3339Nano)
		rec.Metadata = versions.MetadataDigest(c.StoreSecret)
	}
}

// seen is what the record says of the current secret when last seen.
func (rec record) seen() versions.Seen {
	return versions.Seen{Modified: rec.Modified, Metadata: rec.Metadata}
}

// trust applies the record to a family read from the store: a current
// secret whose comment claims a lower version gets the recorded one back,
// and the provider's own current secret whose comment was damaged or
// replaced by hand is taken back with the metadata the state declares. It
// reports what it overruled.
func (rec record) trust(family *versions.Family, state *secretModel) (versionOverruled, commentOverruled bool) {
	if c := family.Current; rec.SecretID != "" && rec.Current > 0 && (c == nil || !c.Marked) {
		for _, s := range slices.Concat(family.Damaged, currentOrNone(c)) {
			if s.ID == rec.SecretID && s.Name == versions.CurrentName(family.Namespace, family.Name) {
				// A holder the damaged comment still names is kept, so that a
				// configuration the secret was taken from stays out.
				holder := versions.HolderIn(s.Comment)
				if holder == "" {
					holder = rec.Holder
				}
				family.Current = &versions.Member{StoreSecret: s, Meta: state.toMeta(rec.Current, state.currentActiveFrom(), holder), Marked: true}
				commentOverruled = true
			}
		}
	}
	return family.TrustRecorded(rec.Current), commentOverruled
}

func currentOrNone(c *versions.Member) []versions.StoreSecret {
	if c == nil {
		return nil
	}
	return []versions.StoreSecret{c.StoreSecret}
}

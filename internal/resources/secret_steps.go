package resources

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// rotate makes version next: it copies the current value server-side, then
// overwrites the current secret. The API has no conditional write, so the
// copy is also the lock that lets one rotation of a version through: its
// name is unique, and a copy another rotation made less than
// versions.RotationLease ago stops this one. Under retention none the copy
// is deleted once the new version is written, and the current secret is
// read again first, since another apply may have rotated it and deleted its
// own copy before this one made its copy. A copy this state made in an
// apply that failed is reused, never overwritten; rec carries the
// rotation's token, which a failed apply keeps in private state.
func (r *secretResource) rotate(ctx context.Context, plan, config *secretModel, family versions.Family, next int, rec *record, now time.Time, scopes []string) error {
	current := family.Current
	policy := plan.retention()
	if rec.Rotation == "" {
		token, err := newToken()
		if err != nil {
			return err
		}
		rec.Rotation = token
	}
	lock, state := family.RotationLock(rec.Rotation, now)
	switch state {
	case versions.LockHeld:
		return errors.New(r.rotationInFlight(lock))
	case versions.LockStale:
		// Deleting it loses nothing, since the current secret holds its
		// value, and the duplicate below is again the lock.
		if err := r.store.Delete(ctx, []versions.StoreSecret{lock.StoreSecret}); err != nil {
			return err
		}
	}
	if state != versions.LockOwn {
		listing, err := r.store.List(ctx)
		if err != nil {
			return err
		}
		if name, taken := copySlot(listing, plan, family); taken {
			return errors.New(r.copySlotTaken(plan, name))
		}
		if err := r.checkQuota(ctx, 1, listing); err != nil {
			return err
		}
		copyComment := versions.Encode(policy.Retire(current.Meta, now, rec.Rotation))
		name := versions.CopyName(plan.namespace(), plan.name(), current.Meta.Version)
		made, err := r.store.Duplicate(ctx, current.ID, current.Name, name, copyComment, scopes)
		if errors.Is(err, client.ErrConflict) {
			made, err = r.ownCopy(ctx, plan, current.Meta.Version, rec.Rotation)
		}
		if err != nil {
			return err
		}
		lock.StoreSecret = made
	}
	if !policy.Keeps() {
		// The shared listing was read when this apply began.
		again, err := r.store.ReadFamily(ctx, plan.namespace(), plan.name())
		if err != nil {
			return err
		}
		if !sameSecret(again.Current, current) {
			// The copy holds what the other apply wrote, which its current
			// secret holds too.
			if err := r.store.Delete(ctx, []versions.StoreSecret{lock.StoreSecret}); err != nil {
				return err
			}
			return fmt.Errorf("another apply changed the secret while this one was rotating it, so no value was written. Run plan again to see the secret as it is now")
		}
	}
	value, err := r.newValue(plan, config)
	if err != nil {
		return err
	}
	comment := versions.Encode(plan.toMeta(next, now, rec.Holder))
	if _, err := r.store.Patch(ctx, current.ID, current.Name, client.Patch{Value: &value, Comment: &comment, Scopes: scopes}); err != nil {
		return err
	}
	if !policy.Keeps() {
		if err := r.store.Delete(ctx, []versions.StoreSecret{lock.StoreSecret}); err != nil {
			return err
		}
	}
	tflog.Info(ctx, "Rotated secret", map[string]any{"version": next})
	return nil
}

// ownCopy finds the copy of version v that rotation by made, when its
// duplicate was refused because the name is taken: by a retry of that
// duplicate whose first answer was lost, or by another rotation.
func (r *secretResource) ownCopy(ctx context.Context, plan *secretModel, v int, by string) (versions.StoreSecret, error) {
	family, err := r.store.ReadFamily(ctx, plan.namespace(), plan.name())
	if err != nil {
		return versions.StoreSecret{}, err
	}
	if c, ok := family.Copy(v); ok && c.Meta.MadeBy == by {
		return c.StoreSecret, nil
	}
	return versions.StoreSecret{}, fmt.Errorf("another apply made store secret %q, the copy of version %d, first: it is rotating the secret now, and this apply wrote nothing. "+
		"Run plan again once it is done", versions.CopyName(plan.namespace(), plan.name(), v), v)
}

// sameSecret reports whether a store secret read again is the one read
// before, unwritten since.
func sameSecret(again, before *versions.Member) bool {
	return again != nil && before != nil && again.ID == before.ID && again.Modified.Equal(before.Modified) && again.Comment == before.Comment
}

// rotationInFlight says what stops a rotation while another one holds the
// copy of the current version.
func (r *secretResource) rotationInFlight(c versions.Member) string {
	return fmt.Sprintf("another apply is rotating it in account %s: it made store secret %q, the copy of version %d, at %s, and has not written the new version yet. "+
		"Wait for it to finish and run plan again. If no apply is running, the one that made the copy was interrupted: apply again after %s, when this provider takes the copy over",
		r.store.AccountID(), c.Name, c.Meta.Version, c.Created.UTC().Format(time.RFC3339), c.Created.Add(versions.RotationLease).UTC().Format(time.RFC3339))
}

// newValue is the value of a new version: random bytes, or the configured
// static value.
func (r *secretResource) newValue(plan, config *secretModel) (string, error) {
	if plan.kind() == kindRandom {
		buf := make([]byte, plan.Bytes.ValueInt64())
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("reading random bytes for secret %s failed: %w", plan.id(), err)
		}
		return base64.RawURLEncoding.EncodeToString(buf), nil
	}
	if !config.ValueWO.IsNull() {
		return config.ValueWO.ValueString(), nil
	}
	return plan.Value.ValueString(), nil
}

// stamp writes the metadata and scopes of a store secret, never its value.
func (r *secretResource) stamp(ctx context.Context, s versions.StoreSecret, meta versions.Meta, scopes []string) error {
	comment := versions.Encode(meta)
	_, err := r.store.Patch(ctx, s.ID, s.Name, client.Patch{Comment: &comment, Scopes: scopes})
	return err
}

// saveState records the store's view of the family, read after the writes,
// into state, and rec, which the writes completed, into private state.
func (r *secretResource) saveState(ctx context.Context, plan *secretModel, family versions.Family, rec record, state *tfsdk.State, private privateState, diags *diag.Diagnostics) {
	storeID, err := r.store.StoreID(ctx)
	if err != nil {
		framework.AddStoreError(diags, "Unable to Read Secrets Store", plan.id(), err)
		return
	}
	plan.StoreID = types.StringValue(storeID)
	// An import's take-over plans it unknown, to make the update that
	// stamps this state's holder.
	plan.ModuleConfig = plan.moduleConfig()
	rec.Rotation, rec.TakeOverFrom = "", ""
	rec.saw(family)
	diags.Append(rec.save(ctx, private)...)
	list := family.Versions()
	plan.setVersions(list, storeID)
	plan.NextRotationAt = nextRotation(plan, family, list)
	diags.Append(state.Set(ctx, plan)...)
}

// addWriteError reports a failed write of secret id: a full account as
// such, anything else as the store error it is.
func addWriteError(diags *diag.Diagnostics, summary, id string, err error) {
	if errors.As(err, new(*quotaError)) {
		diags.AddError(quotaExceeded, err.Error()+".")
		return
	}
	framework.AddStoreError(diags, summary, id, err)
}

// copySlot returns the name the copy of the current version takes, and
// whether a store secret of the listing already holds it. Rotation asks
// only when no copy provably holds the current value, so any holder is one
// it must never overwrite: a secret made by hand, or a copy whose number
// the current's comment claims twice.
func copySlot(listing []versions.StoreSecret, plan *secretModel, family versions.Family) (string, bool) {
	name := versions.CopyName(plan.namespace(), plan.name(), family.Current.Meta.Version)
	for _, s := range listing {
		if s.Name == name {
			return name, true
		}
	}
	return name, false
}

// copySlotTaken says what blocks a rotation whose copy name is taken.
func (r *secretResource) copySlotTaken(plan *secretModel, name string) string {
	return fmt.Sprintf("Rotating secret %s keeps its current value as store secret %q, but a store secret of that name already exists in account %s "+
		"and does not hold the current value: it was not made by Layeron, or the current secret's comment claims its version twice. It is never overwritten. "+
		"Rename or delete that store secret, and run apply again.", plan.id(), name, r.store.AccountID())
}

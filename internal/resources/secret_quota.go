package resources

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// needsCopySlot reports whether rotation by of the family's current
// version under policy keeps a copy it must make, which takes a store
// secret. Under retention none the copy lasts only the rotation, which
// checks the quota when it makes it.
func needsCopySlot(family versions.Family, policy versions.Retention, by string, now time.Time) bool {
	_, lock := family.RotationLock(by, now)
	return policy.Keeps() && family.Current != nil && lock == versions.LockFree
}

// planQuota reserves the store secret a planned change adds and rejects the
// plan when the account has no room for all that the plan adds so far, so
// that nothing is written. Apply checks again, since other changes may have
// used the room meanwhile.
func (r *secretResource) planQuota(ctx context.Context, storeName string, diags *diag.Diagnostics) {
	listing, need, err := r.store.Reserve(ctx, storeName)
	if err == nil {
		err = rotation.CheckQuota(ctx, r.store, need, listing)
	}
	addQuotaError(diags, err)
}

// addQuotaError reports a failed quota check, telling a full account from a
// failure to find out.
func addQuotaError(diags *diag.Diagnostics, err error) {
	if err == nil {
		return
	}
	summary := "Unable to Check Secrets Store Quota"
	if errors.As(err, new(*rotation.QuotaError)) {
		summary = quotaExceeded
	}
	diags.AddError(summary, err.Error()+".")
}

const quotaExceeded = "Secrets Store Quota Exceeded"

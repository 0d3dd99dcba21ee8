package resources

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/layeron/terraform-provider-layeron/internal/rotation"
)

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

package resources

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
		err = r.checkQuota(ctx, need, listing)
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
	if errors.As(err, new(*quotaError)) {
		summary = quotaExceeded
	}
	diags.AddError(summary, err.Error()+".")
}

const quotaExceeded = "Secrets Store Quota Exceeded"

// quotaError is a quota check that found no room for what a change adds.
type quotaError struct{ msg string }

func (e *quotaError) Error() string { return e.msg }

// checkQuota fails when the account cannot hold need more secrets, naming
// the retention policies that hold slots.
func (r *secretResource) checkQuota(ctx context.Context, need int, listing []versions.StoreSecret) error {
	limit, err := r.store.QuotaLimit(ctx)
	if err != nil {
		return err
	}
	if len(listing)+need <= limit {
		return nil
	}
	holders := map[string]int{}
	for _, s := range listing {
		ns, name, v, ok := versions.ParseStoreName(s.Name)
		if ok && v > 0 && versions.HasMarker(s.Comment) {
			holders[ns+"/"+name]++
		}
	}
	var parts []string
	for id, n := range holders {
		parts = append(parts, fmt.Sprintf("%s keeps %d", id, n))
	}
	sort.Strings(parts)
	held := "no retained version holds a slot"
	if len(parts) > 0 {
		held = "retained versions hold slots: " + strings.Join(parts, ", ")
	}
	return &quotaError{fmt.Sprintf("this plan needs %d more store secret(s), but account %s already uses %d of its %d; %s. "+
		"Shorten retention (rotation.retain), delete unused secrets, or ask Cloudflare for a larger quota", need, r.store.AccountID(), len(listing), limit, held)}
}

package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state secretModel
	resp.Diagnostics.Append(getSecretModel(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	family, err := r.store.Family(ctx, state.namespace(), state.name())
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Delete Secret", state.id(), err)
		return
	}
	// Only what carries the Layeron marker is deleted, and the provider's
	// own current secret, proven by the id state recorded, whatever its
	// comment now says.
	rec := loadRecord(ctx, req.Private)
	rec.trust(&family, &state)
	if rec.heldElsewhere(family.Current) {
		resp.Diagnostics.AddWarning("Secret Left to Its Holder",
			fmt.Sprintf("Store secret %q in account %s is held by another configuration (holder %s), so destroying secret %s removes it from this state only and deletes nothing.",
				family.Current.Name, r.store.AccountID(), family.Current.Meta.Holder, state.id()))
		return
	}
	var doomed []versions.StoreSecret
	for _, m := range family.Destroyed() {
		doomed = append(doomed, m.StoreSecret)
	}
	if err := r.store.Delete(ctx, doomed); err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Delete Secret", state.id(), err)
		return
	}
	tflog.Info(ctx, "Deleted secret", map[string]any{"secret": state.id(), "store_secrets": len(doomed)})
}

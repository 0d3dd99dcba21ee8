package resources

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// The diagnostics a secret's plan and apply report about the store's
// state, one builder each, each summary meaning one thing.

// heldBy names the configuration a current secret says holds it, for a
// message.
func heldBy(current *versions.Member) string {
	if current.Meta.Holder == "" {
		return ""
	}
	return fmt.Sprintf(" (it is held by the configuration with token %s)", current.Meta.Holder)
}

// addHeldElsewhere reports a secret another configuration took over from
// this state: as an error when this state would change it.
func addHeldElsewhere(diags *diag.Diagnostics, current *versions.Member, id, account string, changing bool) {
	add := diags.AddWarning
	if changing {
		add = diags.AddError
	}
	add("Secret Held by Another Configuration",
		fmt.Sprintf("Store secret %q in account %s, which this state held as secret %s, is now held by another configuration: its comment names holder %s, and it was last written at %s. "+
			"This state no longer changes or destroys it. Remove the resource from this configuration (or run terraform state rm on it) to let it go, "+
			"or, to take it back, remove it from state and import it again.",
			current.Name, account, id, current.Meta.Holder, current.Modified.UTC().Format(time.RFC3339)))
}

// addStoreMovedOn refuses a plan or apply of a secret the store has moved
// past since the state was refreshed.
func addStoreMovedOn(diags *diag.Diagnostics, state *secretModel, how, account string) {
	diags.AddError("Secret Changed Since Plan",
		fmt.Sprintf("Secret %s in account %s now %s: another writer (an apply, a put or an action) or an outside write changed it since the state was refreshed. "+
			"Nothing was written. Run plan again, with refresh, to see the secret as it is now.",
			state.id(), account, how))
}

// rotationDue says since when a scheduled rotation is due and what apply
// does about it.
func (r *secretResource) rotationDue(plan *secretModel, family versions.Family, c versions.Change, next int, now time.Time) string {
	s, _ := plan.schedule()
	anchor := family.Current.Created
	if !s.StartAt.IsZero() {
		anchor = s.StartAt
	}
	due := fmt.Sprintf("Secret %s has been due for rotation since %s (every %d days from %s)", plan.id(), c.DueAt.Format(time.RFC3339), s.EveryDays, anchor.UTC().Format(time.RFC3339))
	v := family.Current.Meta.Version
	if plan.kind() != kindRandom {
		how := "change value_wo and value_wo_version"
		if plan.kind() == kindGenerated {
			how = fmt.Sprintf("run layeron secret put %s", plan.id())
		}
		return fmt.Sprintf("%s. The provider cannot make a %s value: to rotate it, %s.", due, plan.kind(), how)
	}
	policy := plan.retention()
	kept := fmt.Sprintf("discards version %d", v)
	switch expires, never := policy.Expiry(now); {
	case never:
		kept = fmt.Sprintf("keeps version %d", v)
	case policy.Keeps():
		kept = fmt.Sprintf("keeps version %d until %s", v, expires.Format(time.RFC3339))
	}
	return fmt.Sprintf("%s: apply writes version %d and %s.", due, next, kept)
}

// warnAdopt says what adopting a value written outside changes on its store
// secret: its comment and scopes, never its value.
func (r *secretResource) warnAdopt(ctx context.Context, plan *secretModel, current *versions.Member, version int, diags *diag.Diagnostics) {
	scopes, _ := plan.scopes(ctx)
	diags.AddWarning("Generated Secret Adopted",
		fmt.Sprintf("Apply adopts the value written to store secret %q in account %s as version %d of secret %s, without changing the value: "+
			"it replaces the comment %q with Layeron metadata, and sets the scopes %q to %q.",
			current.Name, r.store.AccountID(), version, plan.id(), current.Comment, current.Scopes, scopes))
}

// warnDeletedOutside says what apply does about a current secret deleted
// outside Terraform.
func (r *secretResource) warnDeletedOutside(plan *secretModel, next int, diags *diag.Diagnostics) {
	diags.AddWarning("Secret Deleted Outside Terraform",
		fmt.Sprintf("Store secret %q of secret %s is missing from account %s. Apply writes it again as version %d, a number no earlier version used, and keeps the retained copies.",
			plan.SecretName.ValueString(), plan.id(), r.store.AccountID(), next))
}

// warnOutsideValue says what apply does about a value written outside
// Terraform, its comment and scopes left as they were.
func (r *secretResource) warnOutsideValue(plan *secretModel, family versions.Family, next int, diags *diag.Diagnostics) {
	does := map[string]string{
		kindRandom:    fmt.Sprintf("apply writes a new random value as version %d", next),
		kindStatic:    fmt.Sprintf("apply writes the configured value again as version %d", next),
		kindGenerated: fmt.Sprintf("apply records it as version %d", next),
	}[plan.kind()]
	if plan.kind() != kindGenerated && plan.retention().Keeps() {
		does += fmt.Sprintf(", keeping the value found as the retained copy of version %d", family.Current.Meta.Version)
	}
	diags.AddWarning("Secret Value Changed Outside Terraform",
		fmt.Sprintf("The value of store secret %q (secret %s) was written outside Terraform since the last apply, its comment and scopes left as they were: %s.",
			family.Current.Name, plan.id(), does))
}

// refuseLocked refuses a write of the secret of plan while another
// writer's rotation holds its lock.
func (r *secretResource) refuseLocked(ctx context.Context, plan *secretModel, family versions.Family, private privateState, diags *diag.Diagnostics) {
	if lock, state := family.RotationLock(loadRecord(ctx, private).Rotation, r.now()); state == versions.LockHeld {
		r.addRotationInProgress(plan.id(), lock, diags)
	}
}

// addRotationInProgress refuses a write of secret id while another
// writer's rotation holds lock, the copy of its current version.
func (r *secretResource) addRotationInProgress(id string, lock versions.Member, diags *diag.Diagnostics) {
	framework.AddStoreError(diags, "Secret Rotation In Progress", id, errors.New(rotation.InFlight(r.store.AccountID(), lock)))
}

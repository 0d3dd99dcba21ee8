package actions

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ action.Action               = (*secretRevokeAction)(nil)
	_ action.ActionWithConfigure  = (*secretRevokeAction)(nil)
	_ action.ActionWithModifyPlan = (*secretRevokeAction)(nil)
)

// NewSecretRevokeAction returns the layeron_secret_revoke action.
func NewSecretRevokeAction() action.Action {
	return &secretRevokeAction{}
}

// secretRevokeAction deletes retained copies of a secret now, to end a
// rotation's overlap after a leak.
type secretRevokeAction struct {
	secretTarget
}

type secretRevokeModel struct {
	Name      types.String `tfsdk:"name"`
	Namespace types.String `tfsdk:"namespace"`
	Versions  types.Set    `tfsdk:"versions"`
}

func (a *secretRevokeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret_revoke"
}

func (a *secretRevokeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attributes := targetAttributes()
	attributes["versions"] = schema.SetAttribute{
		ElementType:         types.Int64Type,
		Optional:            true,
		MarkdownDescription: "The retained versions to delete. Defaults to every retained version. The current version is refused: rotate first.",
		Validators: []validator.Set{
			setvalidator.SizeAtLeast(1),
			setvalidator.ValueInt64sAre(int64validator.AtLeast(1)),
		},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Deletes retained copies of a secret now, ending the overlap a rotation leaves, as after a leak: Workers bound to a revoked version fail to read it from then on. " +
			"The current version is never deleted. The plan says which store secrets it deletes; a version no copy keeps is a warning, not an error. " +
			"From an `action_trigger` on the secret's own `layeron_secret`, use `after_create` or `after_update`: `before_create` and `before_update` are refused before anything is deleted.",
		Attributes: attributes,
	}
}

func (a *secretRevokeAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req, resp)
}

// ModifyPlan shows what Invoke will delete, as the store is now.
func (a *secretRevokeAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var config secretRevokeModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() || a.data == nil || !fullyKnown(config.Versions) {
		return
	}
	namespace, name := a.secretID(config.Name, config.Namespace)
	if name == "" {
		return
	}
	id := versions.SecretID(namespace, name)
	requested, ok := requestedVersions(ctx, config.Versions, &resp.Diagnostics)
	if !ok {
		return
	}
	family, ok := a.read(ctx, namespace, name, &resp.Diagnostics)
	if !ok {
		return
	}
	revocation, err := family.Revoke(requested)
	if err != nil {
		notRevocable(id, err, &resp.Diagnostics)
		return
	}
	a.warnNotKept(id, revocation.NotKept, &resp.Diagnostics)
	if len(revocation.Delete) == 0 {
		resp.Diagnostics.AddWarning("Nothing to Revoke", rotation.NothingToRevoke(a.data.Store.AccountID(), id))
		return
	}
	resp.Diagnostics.AddWarning("Retained Versions to Delete",
		fmt.Sprintf("Revoking secret %s deletes %s from account %s. Workers bound to them fail to read them from then on.",
			id, rotation.DescribeCopies(revocation.Delete), a.data.Store.AccountID()))
}

func (a *secretRevokeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config secretRevokeModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
		return
	}
	namespace, name := a.secretID(config.Name, config.Namespace)
	id := versions.SecretID(namespace, name)
	if a.refuseChangeInFlight(namespace, name, "Versions deleted now would vanish from under that change, whose plan lists them, and Terraform would reject its result as inconsistent with the plan.", &resp.Diagnostics) {
		return
	}
	requested, ok := requestedVersions(ctx, config.Versions, &resp.Diagnostics)
	if !ok {
		return
	}
	family, ok := a.read(ctx, namespace, name, &resp.Diagnostics)
	if !ok {
		return
	}
	account := a.data.Store.AccountID()
	revoked, err := rotation.Revoke(ctx, a.data.Store, family, requested, func(c versions.Member) {
		tflog.Info(ctx, "Revoked secret version", map[string]any{"secret": id, "version": c.Meta.Version})
		resp.SendProgress(action.InvokeProgressEvent{Message: rotation.RevokedCopy(account, id, c)})
	})
	var refused *rotation.RevokeRefused
	if errors.As(err, &refused) {
		notRevocable(id, err, &resp.Diagnostics)
		return
	}
	a.warnNotKept(id, revoked.NotKept, &resp.Diagnostics)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Revoke Secret Version", id, err)
		return
	}
	if len(revoked.Deleted) == 0 {
		resp.SendProgress(action.InvokeProgressEvent{Message: rotation.NothingToRevoke(account, id)})
	}
}

// requestedVersions returns the versions config asks to revoke: none when
// it asks for every retained version.
func requestedVersions(ctx context.Context, set types.Set, diags *diag.Diagnostics) ([]int, bool) {
	if set.IsNull() {
		return nil, true
	}
	var numbers []int64
	if diags.Append(set.ElementsAs(ctx, &numbers, false)...); diags.HasError() {
		return nil, false
	}
	requested := make([]int, len(numbers))
	for i, n := range numbers {
		requested[i] = int(n)
	}
	return requested, true
}

// notRevocable refuses a revoke of the current version.
func notRevocable(id string, err error, diags *diag.Diagnostics) {
	diags.AddAttributeError(path.Root("versions"), "Current Version Not Revocable", fmt.Sprintf("Secret %s: %s.", id, err))
}

// warnNotKept warns of requested versions no copy keeps.
func (a *secretRevokeAction) warnNotKept(id string, notKept []int, diags *diag.Diagnostics) {
	if len(notKept) > 0 {
		diags.AddAttributeWarning(path.Root("versions"), "Versions Not Retained", rotation.NotKept(a.data.Store.AccountID(), id, notKept))
	}
}

// fullyKnown reports whether a set and each of its elements are known.
func fullyKnown(set types.Set) bool {
	if set.IsUnknown() {
		return false
	}
	for _, v := range set.Elements() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

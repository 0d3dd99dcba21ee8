package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/rotation"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ action.Action               = (*secretRotateAction)(nil)
	_ action.ActionWithConfigure  = (*secretRotateAction)(nil)
	_ action.ActionWithModifyPlan = (*secretRotateAction)(nil)
)

// NewSecretRotateAction returns the layeron_secret_rotate action.
func NewSecretRotateAction() action.Action {
	return &secretRotateAction{}
}

// secretRotateAction rotates a random secret now, as a scheduled rotation
// would.
type secretRotateAction struct {
	secretTarget
}

type secretRotateModel struct {
	Name      types.String `tfsdk:"name"`
	Namespace types.String `tfsdk:"namespace"`
}

func (a *secretRotateAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret_rotate"
}

func (a *secretRotateAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Rotates a `random` secret now, without a change to its configuration: it writes a new random value as the next version, " +
			"keeps the previous one as its `rotation.retain` policy says, and prunes the copies that policy lets expire — the same steps as a scheduled rotation. " +
			"The next plan refreshes the `layeron_secret` to the new version, and resources that use its `bindings`, `current_version` or `versions` see the change. " +
			"Run it with `terraform apply -invoke`, or from a `lifecycle { action_trigger { … } }` on any resource's events except the `before_create` and `before_update` " +
			"events of the secret's own `layeron_secret`: those run between that resource's plan and its apply, so they are refused before anything is written; " +
			"use `after_create` or `after_update` there. Static and generated secrets are refused: their values come from elsewhere.",
		Attributes: targetAttributes(),
	}
}

func (a *secretRotateAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.configure(req, resp)
}

// ModifyPlan refuses at plan time what Invoke would refuse.
func (a *secretRotateAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var config secretRotateModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() || a.data == nil {
		return
	}
	namespace, name := a.secretID(config.Name, config.Namespace)
	if name == "" {
		return
	}
	if family, ok := a.read(ctx, namespace, name, &resp.Diagnostics); ok {
		a.check(family, &resp.Diagnostics)
	}
}

func (a *secretRotateAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var config secretRotateModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &config)...); resp.Diagnostics.HasError() {
		return
	}
	namespace, name := a.secretID(config.Name, config.Namespace)
	id := versions.SecretID(namespace, name)
	if a.refuseChangeInFlight(namespace, name, "A version written now would make that change fail with Secret Changed Since Plan, since it was planned against the current version.", &resp.Diagnostics) {
		return
	}
	family, ok := a.read(ctx, namespace, name, &resp.Diagnostics)
	if !ok {
		return
	}
	bytes := a.check(family, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	value, err := rotation.RandomValue(bytes)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Rotate Secret", err.Error()+".")
		return
	}
	current := family.Current.Meta.Version
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Rotating secret %s in account %s: writing version %d over version %d.", id, a.data.Store.AccountID(), family.NextVersion(0), current)})
	written, err := rotation.WriteNext(ctx, a.data.Store, family, value, versions.Instant(a.data.Clock.Now()))
	if err != nil && written.Version == 0 {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Rotate Secret", id, err)
		return
	}
	tflog.Info(ctx, "Rotated secret", map[string]any{"secret": id, "version": written.Version})
	kept := fmt.Sprintf("version %d is not kept (retention none)", written.Previous)
	if written.Kept != "" {
		kept = fmt.Sprintf("version %d is kept as store secret %q", written.Previous, written.Kept)
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Wrote version %d of secret %s; %s.", written.Version, id, kept)})
	if err != nil {
		resp.Diagnostics.AddWarning("Secret Copies Not Deleted", fmt.Sprintf("Secret %s: %s.", id, err))
	}
}

// check refuses a secret whose values do not come from the provider, or
// that another rotation is writing, and returns the length of its random
// values.
func (a *secretRotateAction) check(family versions.Family, diags *diag.Diagnostics) int {
	id := family.ID()
	bytes, err := rotation.RandomBytes(a.data.Store.AccountID(), family)
	switch {
	case errors.Is(err, rotation.ErrNotRandom):
		diags.AddAttributeError(path.Root("name"), "Secret Not Random", sentence(err))
		return 0
	case err != nil:
		diags.AddAttributeError(path.Root("name"), "Invalid Secret Metadata", sentence(err))
		return 0
	}
	if err := rotation.Numbered(family); err != nil {
		framework.AddStoreError(diags, "Secret Version Not Trusted", id, err)
		return 0
	}
	if lock, state := family.RotationLock("", a.data.Clock.Now()); state == versions.LockHeld {
		framework.AddStoreError(diags, "Secret Rotation In Progress", id, errors.New(rotation.InFlight(a.data.Store.AccountID(), lock)))
		return 0
	}
	return bytes
}

// sentence makes an error's message a diagnostic's sentence.
func sentence(err error) string {
	msg := strings.TrimSuffix(err.Error(), ".")
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// Package actions holds the provider's actions: operations on a secret
// that Terraform runs on demand or on a resource's lifecycle events, and
// that leave no state of their own.
package actions

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// secretTarget is what every action on a secret shares: the configured
// store and the secret its config names.
type secretTarget struct {
	data *providerdata.Data
}

// targetAttributes are the config attributes that name the secret.
func targetAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The secret's name, as in `layeron_secret.name`.",
			Validators:          []validator.String{framework.NameValidator()},
		},
		"namespace": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The secret's namespace. Defaults to the provider's `namespace`.",
			Validators:          []validator.String{framework.NamespaceValidator()},
		},
	}
}

func (t *secretTarget) configure(req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if data := providerdata.From(req.ProviderData, "Action", &resp.Diagnostics); data != nil {
		t.data = data
	}
}

// secretID is the <namespace>/<name> of the secret named by config, or ""
// while a part of it is unknown.
func (t *secretTarget) secretID(name, namespace types.String) (ns, n string) {
	if name.IsUnknown() || namespace.IsUnknown() {
		return "", ""
	}
	ns = namespace.ValueString()
	if ns == "" {
		ns = t.data.Namespace
	}
	return ns, name.ValueString()
}

// read reads the secret again, with a request of its own rather than the
// shared listing, which may be as old as the apply. A secret without a
// current store secret carrying Layeron metadata is an error on name.
func (t *secretTarget) read(ctx context.Context, namespace, name string, diags *diag.Diagnostics) (versions.Family, bool) {
	id := versions.SecretID(namespace, name)
	family, err := t.data.Store.ReadFamily(ctx, namespace, name)
	if err != nil {
		framework.AddStoreError(diags, "Unable to Read Secret", id, err)
		return family, false
	}
	if family.Current == nil || !family.Current.Marked {
		diags.AddAttributeError(path.Root("name"), "Secret Not Found",
			fmt.Sprintf("No Layeron secret %s exists in account %s: store secret %q is missing or was not made by Layeron. Check the name and namespace, or create the secret with layeron_secret first.",
				id, t.data.Store.AccountID(), versions.CurrentName(namespace, name)))
		return family, false
	}
	return family, true
}

// refuseChangeInFlight refuses, before anything is written, an action on a
// secret whose planned change Terraform has not applied yet, and says to
// trigger the action after the change instead. effect is the sentence that
// says what the action's write would do to that change.
func (t *secretTarget) refuseChangeInFlight(namespace, name, effect string, diags *diag.Diagnostics) bool {
	id := versions.SecretID(namespace, name)
	if !t.data.Changes.Pending(id) {
		return false
	}
	diags.AddAttributeError(path.Root("name"), "Secret Change Not Yet Applied",
		fmt.Sprintf("Terraform has planned a change to secret %s in this apply and has not applied it yet, and this action runs before that change: "+
			"as it does from a before_create or before_update action_trigger on the secret's own layeron_secret resource. %s Nothing was written. "+
			"Trigger the action with after_create or after_update instead, so that it runs once the change is applied.", id, effect))
	return true
}

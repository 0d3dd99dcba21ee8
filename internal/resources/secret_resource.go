// Package resources holds the provider's managed resource types.
package resources

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ resource.Resource                   = (*secretResource)(nil)
	_ resource.ResourceWithConfigure      = (*secretResource)(nil)
	_ resource.ResourceWithValidateConfig = (*secretResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*secretResource)(nil)
	_ resource.ResourceWithImportState    = (*secretResource)(nil)
)

// NewSecretResource returns the layeron_secret resource.
func NewSecretResource() resource.Resource {
	return &secretResource{}
}

// secretResource is layeron_secret. Its methods live one job to a file:
// schema, validation, plan, and each of create, read, update and delete,
// with the store writes they share in secret_steps.go.
type secretResource struct {
	store     providerdata.Store
	clock     clock.Clock
	namespace string
}

func (r *secretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (r *secretResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerdata.Data)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Resource Configure Type",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is always a bug in the provider. Please report it to the provider developers.", req.ProviderData))
		return
	}
	r.store, r.clock, r.namespace = data.Store, data.Clock, data.Namespace
}

func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	namespace, name, err := versions.ParseID(req.ID, r.namespace)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("The import ID %q must be <namespace>/<name> or <name>; %s.", req.ID, err))
		return
	}
	id := namespace + "/" + name
	family, err := r.store.Family(ctx, namespace, name)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Import Secret", id, err)
		return
	}
	if family.Current == nil || !family.Current.Marked {
		resp.Diagnostics.AddError("Cannot Import Secret",
			fmt.Sprintf("No Layeron secret %s exists in account %s (store secret %q is missing or was not created by Layeron). To adopt a value written by another tool, declare it with kind = \"generated\" instead of importing it.",
				id, r.store.AccountID(), versions.CurrentName(namespace, name)))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("namespace"), namespace)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kind"), family.Current.Meta.Kind)...)
	resp.Diagnostics.Append(setSeen(ctx, resp.Private, family.Current.StoreSecret)...)
	resp.Diagnostics.Append(setRecordedVersion(ctx, resp.Private, family.HighestVersion())...)
}

// now is the provider's clock to the second, as the store's metadata keeps
// times.
func (r *secretResource) now() time.Time {
	return r.clock.Now().UTC().Truncate(time.Second)
}

// Private state keys of what the provider last saw of the current secret:
// the store's modified time, which moves on any write, and a digest of its
// comment and scopes. A moved time with the same digest is a write of the
// value alone, from outside.
const (
	privateSeenModified = "modified"
	privateSeenMetadata = "metadata"
)

// seenCurrent is what the provider last saw of the current secret.
type seenCurrent struct {
	modified string
	metadata string
}

// outsideValueWrite reports whether current was written since it was seen,
// its value alone: its comment and scopes are as they were.
func (s seenCurrent) outsideValueWrite(current *versions.Member) bool {
	return current != nil && s.modified != "" && s.metadata != "" &&
		current.Modified.Format(time.RFC3339Nano) != s.modified && versions.MetadataDigest(current.StoreSecret) == s.metadata
}

type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func setSeen(ctx context.Context, private privateState, current versions.StoreSecret) diag.Diagnostics {
	var diags diag.Diagnostics
	for key, value := range map[string]string{
		privateSeenModified: current.Modified.Format(time.RFC3339Nano),
		privateSeenMetadata: versions.MetadataDigest(current),
	} {
		b, err := json.Marshal(value)
		if err != nil {
			diags.AddError("Unable to Record Secret State", "Encoding what the store holds failed: "+err.Error()+".")
			return diags
		}
		diags.Append(private.SetKey(ctx, key, b)...)
	}
	return diags
}

// privateRecordedVersion is the private state key of the highest version
// the provider made or saw of the secret: what the store cannot be trusted
// to remember, since a comment can be edited and a secret deleted.
const privateRecordedVersion = "version"

func setRecordedVersion(ctx context.Context, private privateState, v int) diag.Diagnostics {
	if v < recordedVersion(ctx, private) {
		return nil
	}
	b, _ := json.Marshal(v)
	return private.SetKey(ctx, privateRecordedVersion, b)
}

// recordedVersion is what setRecordedVersion recorded, or 0.
func recordedVersion(ctx context.Context, private privateState) int {
	b, _ := private.GetKey(ctx, privateRecordedVersion)
	var v int
	if len(b) == 0 || json.Unmarshal(b, &v) != nil || v < 0 {
		return 0
	}
	return v
}

// seen is what setSeen recorded, with "" for what it did not.
func seen(ctx context.Context, private privateState) seenCurrent {
	read := func(key string) string {
		b, _ := private.GetKey(ctx, key)
		var s string
		if len(b) == 0 || json.Unmarshal(b, &s) != nil {
			return ""
		}
		return s
	}
	return seenCurrent{modified: read(privateSeenModified), metadata: read(privateSeenMetadata)}
}

// Package resources holds the provider's managed resource types.
package resources

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
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

// privateModified remembers the store's modified time of the current secret
// after the provider's last look, to tell outside writes from its own.
const privateModified = "modified"

// Scopes the Secrets Store knows.
// javaScriptIdentifier is compiled once: Terraform asks for the schema on
// nearly every call.
var javaScriptIdentifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

var knownScopes = []string{"access", "ai_gateway", "containers", "dex", "websearch", "workers"}

// NewSecretResource returns the layeron_secret resource.
func NewSecretResource() resource.Resource {
	return &secretResource{}
}

type secretResource struct {
	client    *client.Client
	clock     clock.Clock
	namespace string
}

func (r *secretResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret"
}

func (r *secretResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A Layeron secret (static, random or generated) kept version by version in the Cloudflare Secrets Store. " +
			"The current value lives in the store secret `<namespace>--<name>`, which Workers bind to; each retained previous version is a server-side copy `<namespace>--<name>--v<N>`. " +
			"Values never enter Terraform state, plans or logs.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<namespace>/<name>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Stable secret name: letters, digits and underscores, joined by single dashes; at most 128 characters.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{identifierValidator{what: "name", check: versions.ValidateName}},
			},
			"namespace": schema.StringAttribute{
				MarkdownDescription: "Platform namespace: the same characters as `name`, at most 63. Defaults to the provider's `namespace`, then `default`.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIfConfigured()},
				Validators:          []validator.String{identifierValidator{what: "namespace", check: versions.ValidateNamespace}},
			},
			"kind": schema.StringAttribute{
				MarkdownDescription: "`static` (the value comes from `value_wo` or `value`), `random` (the provider makes `bytes` random bytes) or `generated` (an outside flow writes the value; the provider only keeps its metadata).",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{stringvalidator.OneOf(kindStatic, kindRandom, kindGenerated)},
			},
			"bytes": schema.Int64Attribute{
				MarkdownDescription: "Random: number of random bytes, 16 to 4096, default 32; the value is their base64url encoding without padding. Generated: the expected byte count, recorded as metadata. Not allowed on static secrets.",
				Optional:            true,
				Computed:            true,
			},
			"value_wo": schema.StringAttribute{
				MarkdownDescription: "Static only: the value, write-only (Terraform and OpenTofu 1.11 or later), so it is never stored. A new value is written only when `value_wo_version` changes.",
				Optional:            true,
				Sensitive:           true,
				WriteOnly:           true,
			},
			"value_wo_version": schema.StringAttribute{
				MarkdownDescription: "Static only: any change (a number, a date, a hash) writes `value_wo` as a new version.",
				Optional:            true,
			},
			"value": schema.StringAttribute{
				MarkdownDescription: "Static only: the value, for engines without write-only attributes. It is kept in state (marked sensitive); prefer `value_wo`.",
				Optional:            true,
				Sensitive:           true,
			},
			"value_format": schema.StringAttribute{
				MarkdownDescription: "`text` (default), `json` (must parse) or `kv` (a JSON object of string values). Random secrets allow only `text`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(defaultFormat),
				Validators:          []validator.String{stringvalidator.OneOf("text", "json", "kv")},
			},
			"rotation": schema.SingleNestedAttribute{
				MarkdownDescription: "Rotation policy. Random secrets rotate in place when due (the plan shows the update); static and generated secrets get a plan warning.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"every_days": schema.Int64Attribute{
						MarkdownDescription: "Rotation interval in days (at least 1).",
						Required:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"start_at": schema.StringAttribute{
						MarkdownDescription: "RFC3339 time of the first scheduled rotation; later ones follow every `every_days`. Without it, the first rotation is `every_days` after creation.",
						Optional:            true,
						CustomType:          timetypes.RFC3339Type{},
					},
					"retain": schema.SingleNestedAttribute{
						MarkdownDescription: "What happens to the previous version on rotation.",
						Optional:            true,
						Attributes: map[string]schema.Attribute{
							"mode": schema.StringAttribute{
								MarkdownDescription: "`none` (retire it at once), `retain_for` (keep it `days` days) or `retain_forever`.",
								Required:            true,
								Validators:          []validator.String{stringvalidator.OneOf(versions.RetainNone, versions.RetainFor, versions.RetainForever)},
							},
							"days": schema.Int64Attribute{
								MarkdownDescription: "Days to keep a previous version; required for, and only for, `retain_for`.",
								Optional:            true,
								Validators:          []validator.Int64{int64validator.AtLeast(1)},
							},
						},
					},
				},
			},
			"rotation_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values; any change rotates now. A static secret also needs a new value: change `value_wo_version` (or `value`) with it.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"consume": schema.SingleNestedAttribute{
				MarkdownDescription: "How Workers consume the secret.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"address": schema.StringAttribute{
						MarkdownDescription: "Binding name used in `bindings` (a JavaScript identifier). Defaults to the name in upper case.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.RegexMatches(javaScriptIdentifier, "must be a JavaScript identifier")},
					},
					"expose": schema.StringAttribute{
						MarkdownDescription: "`current` (default): bind only the current version. `versioned`: also bind each retained version, as `<address>_V<N>`.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.OneOf(exposeCurrent, exposeVersioned)},
					},
				},
			},
			"ownership": schema.SingleNestedAttribute{
				MarkdownDescription: "Ownership metadata for product-owned secrets.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"owner_product":     schema.StringAttribute{MarkdownDescription: "Owning product name.", Optional: true},
					"owner_instance_id": schema.StringAttribute{MarkdownDescription: "Owning product instance ID.", Optional: true},
					"purpose":           schema.StringAttribute{MarkdownDescription: "Business purpose of the secret.", Optional: true},
				},
			},
			"scopes": schema.SetAttribute{
				MarkdownDescription: "Cloudflare services that may use the secret: " + strings.Join(knownScopes, ", ") + ". Default `[\"workers\"]`.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(types.SetValueMust(types.StringType, []attrValue{types.StringValue("workers")})),
				Validators: []validator.Set{
					setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.OneOf(knownScopes...)),
				},
			},
			"store_id": schema.StringAttribute{
				MarkdownDescription: "The Secrets Store holding the secret.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"secret_name": schema.StringAttribute{
				MarkdownDescription: "Store secret holding the current value (`<namespace>--<name>`): what a Worker binding names.",
				Computed:            true,
			},
			"current_version": schema.StringAttribute{
				MarkdownDescription: "Current version id (`1`, `2`, ...). Null for a generated secret not yet fulfilled.",
				Computed:            true,
			},
			"next_rotation_at": schema.StringAttribute{
				MarkdownDescription: "RFC3339 time of the next scheduled rotation; null without a rotation policy.",
				Computed:            true,
			},
			"fulfilled": schema.BoolAttribute{
				MarkdownDescription: "Whether the store holds a current value.",
				Computed:            true,
			},
			"versions": schema.ListNestedAttribute{
				MarkdownDescription: "Versions in the store, newest first: the current one and each retained copy.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"version":     schema.StringAttribute{Computed: true, MarkdownDescription: "Version id."},
					"secret_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Store secret holding this version."},
					"active_from": schema.StringAttribute{Computed: true, MarkdownDescription: "When it became current."},
					"retired_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When it stopped being current; null for the current version."},
					"expires_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the retained copy is deleted; null when current or retained forever."},
					"current":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is the current version."},
				}},
			},
			"bindings": schema.ListNestedAttribute{
				MarkdownDescription: "Ready-to-use Workers `secrets_store_secret` bindings: the current version, plus each retained version when `consume.expose = \"versioned\"`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Binding (variable) name."},
					"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "Always `secrets_store_secret`."},
					"store_id":    schema.StringAttribute{Computed: true, MarkdownDescription: "Secrets Store ID."},
					"secret_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Store secret name."},
					"version":     schema.StringAttribute{Computed: true, MarkdownDescription: "Version id behind the binding."},
				}},
			},
			"module_config": schema.StringAttribute{
				MarkdownDescription: "JSON of the normalized Layeron `SecretModuleConfig`, defaults filled.",
				Computed:            true,
			},
		},
	}
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
	r.client, r.clock, r.namespace = data.Client, data.Clock, data.Namespace
}

func (r *secretResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var config secretModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateSecretConfig(&config, &resp.Diagnostics)
}

func validateSecretConfig(c *secretModel, diags *diag.Diagnostics) {
	kind := c.Kind.ValueString()
	if c.Kind.IsUnknown() {
		return
	}
	set := func(v interface{ IsNull() bool }) bool { return !v.IsNull() }
	notAllowed := func(attr, why string) {
		diags.AddAttributeError(path.Root(attr), "Attribute Not Allowed", why)
	}
	if kind != kindStatic {
		for attr, v := range map[string]interface{ IsNull() bool }{"value": c.Value, "value_wo": c.ValueWO, "value_wo_version": c.ValueWOVersion} {
			if set(v) {
				notAllowed(attr, fmt.Sprintf("A %s secret takes no value: %s. Remove %s, or use kind = \"static\".", kind, map[string]string{
					kindRandom: "the provider makes it from crypto/rand", kindGenerated: "an outside flow writes it"}[kind], attr))
			}
		}
	}
	switch kind {
	case kindStatic:
		if set(c.Bytes) {
			notAllowed("bytes", "A static secret's value comes from value_wo or value, so bytes does not apply. Remove bytes.")
		}
		switch {
		case set(c.Value) && set(c.ValueWO):
			diags.AddAttributeError(path.Root("value"), "Conflicting Values", "Set only one of value_wo (preferred, never stored) and value.")
		case !set(c.Value) && !set(c.ValueWO):
			diags.AddAttributeError(path.Root("value_wo"), "Missing Value",
				"A static secret needs a value: set value_wo with value_wo_version (Terraform or OpenTofu 1.11 or later), or value on older engines.")
		}
		if set(c.ValueWOVersion) && !set(c.ValueWO) {
			diags.AddAttributeError(path.Root("value_wo_version"), "Missing Write-Only Value", "value_wo_version versions value_wo; set value_wo too, or remove value_wo_version.")
		}
		for attr, v := range map[string]types.String{"value": c.Value, "value_wo": c.ValueWO} {
			if !v.IsNull() && !v.IsUnknown() {
				if err := checkValue(v.ValueString(), c.ValueFormat.ValueString()); err != nil {
					diags.AddAttributeError(path.Root(attr), "Invalid Secret Value", "The value "+err.Error()+".")
				}
			}
		}
	case kindRandom:
		if !c.Bytes.IsNull() && !c.Bytes.IsUnknown() && (c.Bytes.ValueInt64() < 16 || c.Bytes.ValueInt64() > 4096) {
			diags.AddAttributeError(path.Root("bytes"), "Invalid Byte Count", fmt.Sprintf("A random secret takes 16 to 4096 bytes, got %d.", c.Bytes.ValueInt64()))
		}
		if f := c.ValueFormat.ValueString(); f != "" && f != defaultFormat && !c.ValueFormat.IsUnknown() {
			diags.AddAttributeError(path.Root("value_format"), "Invalid Value Format", fmt.Sprintf("A random secret's value is base64url text, so value_format must be \"text\", got %q.", f))
		}
	case kindGenerated:
		if !c.Bytes.IsNull() && !c.Bytes.IsUnknown() && (c.Bytes.ValueInt64() < 1 || c.Bytes.ValueInt64() > versions.MaxValueBytes) {
			diags.AddAttributeError(path.Root("bytes"), "Invalid Byte Count", fmt.Sprintf("The expected byte count must be from 1 to %d, got %d.", versions.MaxValueBytes, c.Bytes.ValueInt64()))
		}
	}
	if c.Rotation != nil && c.Rotation.Retain != nil && !c.Rotation.Retain.Mode.IsUnknown() {
		retain := c.Rotation.Retain
		daysPath := path.Root("rotation").AtName("retain").AtName("days")
		if retain.Mode.ValueString() == versions.RetainFor && retain.Days.IsNull() {
			diags.AddAttributeError(daysPath, "Missing Retention Days", "retain_for keeps previous versions for a number of days: set days (at least 1).")
		}
		if retain.Mode.ValueString() != versions.RetainFor && !retain.Days.IsNull() {
			diags.AddAttributeError(daysPath, "Attribute Not Allowed", fmt.Sprintf("days applies only to mode = \"retain_for\", not %q. Remove days.", retain.Mode.ValueString()))
		}
	}
}

// checkValue reports why value cannot be stored in the given format.
func checkValue(value, format string) error {
	switch {
	case value == "":
		return errors.New("must not be empty")
	case len(value) > versions.MaxValueBytes:
		return fmt.Errorf("is %d bytes long; the Secrets Store accepts at most %d bytes (64 KiB)", len(value), versions.MaxValueBytes)
	}
	switch format {
	case "json":
		if !json.Valid([]byte(value)) {
			return errors.New("is not valid JSON, which value_format = \"json\" requires")
		}
	case "kv":
		var kv map[string]string
		if err := json.Unmarshal([]byte(value), &kv); err != nil {
			return errors.New("must be a JSON object whose values are all strings, which value_format = \"kv\" requires")
		}
	}
	return nil
}

func (r *secretResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan, config secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if config.Namespace.IsNull() {
		plan.Namespace = types.StringValue(r.namespace)
	}
	if plan.Namespace.IsUnknown() || plan.Name.IsUnknown() || plan.Kind.IsUnknown() {
		return
	}
	if plan.Bytes.IsUnknown() || plan.Bytes.IsNull() {
		plan.Bytes = types.Int64Null()
		if plan.Kind.ValueString() == kindRandom {
			plan.Bytes = types.Int64Value(defaultRandomBytes)
		}
	}
	plan.ID = types.StringValue(plan.namespace() + "/" + plan.name())
	plan.SecretName = types.StringValue(versions.CurrentName(plan.namespace(), plan.name()))
	plan.ModuleConfig = plan.moduleConfig()

	family, err := r.client.Family(ctx, plan.namespace(), plan.name())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Plan Secret", "Reading the Secrets Store to plan "+plan.ID.ValueString()+" failed.\n\nError: "+err.Error())
		return
	}
	now := r.clock.Now().UTC().Truncate(time.Second)

	if req.State.Raw.IsNull() {
		if family.Current != nil && !family.Current.Marked && plan.kind() != kindGenerated {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "Secret Name Already Used",
				fmt.Sprintf("The store secret %q already exists in store %s of account %s and was not created by Layeron, so it will not be overwritten. "+
					"Choose another name or namespace, delete that secret, or declare it with kind = \"generated\" to adopt its value.",
					family.Current.Name, r.storeIDOrUnknown(ctx), r.client.AccountID()))
		}
		switch {
		case plan.kind() == kindGenerated:
		case family.Current == nil:
			r.planQuota(ctx, plan.SecretName.ValueString(), &resp.Diagnostics)
		case family.Current.Marked:
			resp.Diagnostics.AddWarning("Existing Layeron Secret Taken Over",
				fmt.Sprintf("Store secret %q in account %s already holds Layeron secret %s at version %d, but this state does not. "+
					"Apply writes a new value as version %d and keeps the current one as a retained copy when rotation.retain keeps versions (mode \"none\" discards it). "+
					"If another configuration manages this secret, remove this resource and read the secret with the layeron_secret_version data source instead.",
					family.Current.Name, r.client.AccountID(), plan.ID.ValueString(), family.Current.Meta.Version, family.HighestVersion()+1))
			if needsCopySlot(&plan, family) {
				r.planQuota(ctx, versions.CopyName(plan.namespace(), plan.name(), family.Current.Meta.Version), &resp.Diagnostics)
			}
		}
		plan.setUnknownVersions()
		plan.StoreID = types.StringUnknown()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}

	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.namespace() != state.namespace() {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("namespace"))
	}
	recorded, _ := req.Private.GetKey(ctx, privateModified)
	change := planChange(&state, &plan, family, now, unquote(recorded))
	if plan.kind() == kindStatic && triggersChanged(&plan, family.Current) && !change.newValue {
		resp.Diagnostics.AddAttributeError(path.Root("rotation_triggers"), "New Value Needed",
			"rotation_triggers changed, but a static secret's new version needs a new value: change value_wo_version (with the new value_wo) or value in the same apply.")
		return
	}
	if change.due && plan.kind() != kindRandom {
		resp.Diagnostics.AddWarning("Secret Rotation Due",
			fmt.Sprintf("Secret %s was due for rotation at %s. The provider cannot make a %s value: write a new one (%s) to rotate it.",
				plan.ID.ValueString(), change.dueAt.Format(time.RFC3339), plan.kind(),
				map[string]string{kindStatic: "change value_wo and value_wo_version", kindGenerated: "run the flow that generates it"}[plan.kind()]))
	}
	if change.rotate && needsCopySlot(&plan, family) {
		r.planQuota(ctx, versions.CopyName(plan.namespace(), plan.name(), family.Current.Meta.Version), &resp.Diagnostics)
	}
	if change.newVersion() {
		plan.setUnknownVersions()
	} else {
		storeID := state.StoreID.ValueString()
		plan.setVersions(change.keep, storeID)
		plan.NextRotationAt = nextRotation(&plan, family, change.keep)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *secretResource) storeIDOrUnknown(ctx context.Context) string {
	id, err := r.client.StoreID(ctx)
	if err != nil {
		return "(unknown)"
	}
	return id
}

// change is what an update of a secret will do.
type change struct {
	// rotate makes a new version, with a new value for random and static.
	rotate bool
	// newValue is set when the configuration brings a new static value.
	newValue bool
	// record records a value written by an outside flow (generated).
	record bool
	due    bool
	dueAt  time.Time
	// keep is the version list after pruning and re-stamping, when no new
	// version is made; restamp and prune list the copies to change.
	keep    []versions.Version
	restamp []versions.Member
	prune   []versions.Member
}

func (c change) newVersion() bool { return c.rotate || c.record }

// triggersChanged compares the planned triggers with those recorded on the
// current version, so an apply retried after a lost answer does not rotate
// twice. Setting triggers for the first time records them without rotating.
func triggersChanged(plan *secretModel, current *versions.Member) bool {
	if current == nil || !current.Marked || current.Meta.Triggers == "" {
		return false
	}
	return triggersDigest(plan.RotationTriggers) != current.Meta.Triggers
}

// planChange decides what an update does. It is used at plan time and again
// at apply time, with the same inputs, so both agree.
func planChange(state, plan *secretModel, family versions.Family, now time.Time, recordedModified string) change {
	var c change
	kind := plan.kind()
	current := family.Current
	if current != nil && current.Marked {
		if s, ok := plan.schedule(); ok {
			c.dueAt = s.Next(current.Created, current.Meta.From)
			c.due = !now.Before(c.dueAt)
		}
	}
	switch kind {
	case kindRandom:
		c.rotate = c.due || triggersChanged(plan, current)
	case kindStatic:
		if current != nil && current.Marked {
			c.newValue = plan.ValueWOVersion.ValueString() != current.Meta.WOVersion || !plan.Value.Equal(state.Value)
		}
		c.rotate = c.newValue
	case kindGenerated:
		c.record = current != nil && (!current.Marked || (recordedModified != "" && current.Modified.Format(time.RFC3339Nano) != recordedModified))
	}
	if c.newVersion() {
		return c
	}

	mode, days := plan.retention()
	for _, v := range family.Versions() {
		if v.Current {
			c.keep = append(c.keep, v)
			continue
		}
		copyMember, _ := family.Copy(v.Version)
		if mode == versions.RetainNone {
			c.prune = append(c.prune, copyMember)
			continue
		}
		expires, never := versions.Expiry(mode, days, v.RetiredAt)
		if !never && !now.Before(expires) {
			c.prune = append(c.prune, copyMember)
			continue
		}
		if never != copyMember.Meta.ExpiresNever || !expires.Equal(copyMember.Meta.Expires) {
			c.restamp = append(c.restamp, copyMember)
			v.ExpiresAt = expires
		}
		c.keep = append(c.keep, v)
	}
	return c
}

func nextRotation(plan *secretModel, family versions.Family, list []versions.Version) types.String {
	s, ok := plan.schedule()
	if !ok || family.Current == nil || !family.Current.Marked {
		return types.StringNull()
	}
	for _, v := range list {
		if v.Current {
			return formatTime(s.Next(family.Current.Created, v.ActiveFrom))
		}
	}
	return types.StringNull()
}

func (r *secretResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "secret", plan.ID.ValueString())
	listing, err := r.client.List(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Secret", "Listing the Secrets Store failed.\n\nError: "+err.Error())
		return
	}
	family := versions.Collect(plan.namespace(), plan.name(), listing)
	now := r.clock.Now().UTC().Truncate(time.Second)
	next := family.HighestVersion() + 1
	scopes, diags := plan.scopes(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	var written *versions.StoreSecret
	switch {
	case plan.kind() == kindGenerated:
		if family.Current != nil {
			// Adopt what the outside flow wrote: stamp it, never touch its value.
			s, err := r.stamp(ctx, family.Current.StoreSecret, plan.meta(next, family.Current.Modified.Truncate(time.Second)), scopes)
			if err != nil {
				resp.Diagnostics.AddError("Unable to Adopt Generated Secret", err.Error())
				return
			}
			written = &s
		}
	case family.Current != nil && !family.Current.Marked:
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Secret Name Already Used",
			fmt.Sprintf("The store secret %q exists in account %s and was not created by Layeron, so it will not be overwritten. Choose another name or delete that secret.",
				family.Current.Name, r.client.AccountID()))
		return
	case family.Current != nil:
		// A Layeron secret this state does not hold: a create whose answer
		// was lost, or one that another configuration manages. Rotating
		// over it keeps its value as a retained copy, as the policy says.
		s, rotated, err := r.rotate(ctx, &plan, &config, family, now, scopes, listing)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Create Secret", err.Error())
			return
		}
		written, family = &s, rotated
	default:
		value, err := r.newValue(&plan, &config)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Create Secret", err.Error())
			return
		}
		comment := versions.Encode(plan.meta(next, now))
		if err := r.checkQuota(ctx, 1, listing); err != nil {
			resp.Diagnostics.AddError(quotaSummary(err), err.Error()+".")
			return
		}
		created, err := r.client.Create(ctx, []client.NewSecret{{Name: plan.SecretName.ValueString(), Value: value, Comment: comment, Scopes: scopes}})
		if err != nil {
			resp.Diagnostics.AddError("Unable to Create Secret", err.Error())
			return
		}
		written = &created[0]
	}
	tflog.Info(ctx, "Created secret")
	r.finish(ctx, &plan, family, written, resp.Private, &resp.State, &resp.Diagnostics)
}

// finish records the store's view after a write into state.
func (r *secretResource) finish(ctx context.Context, plan *secretModel, family versions.Family, current *versions.StoreSecret,
	private interface {
		SetKey(context.Context, string, []byte) diag.Diagnostics
	}, state interface {
		Set(context.Context, any) diag.Diagnostics
	}, diags *diag.Diagnostics) {
	storeID, err := r.client.StoreID(ctx)
	if err != nil {
		diags.AddError("Unable to Read Secrets Store", err.Error())
		return
	}
	plan.StoreID = types.StringValue(storeID)
	if current != nil {
		meta, err := versions.Decode(current.Comment)
		if err == nil {
			family.Current = &versions.Member{StoreSecret: *current, Meta: meta, Marked: true}
		}
		diags.Append(private.SetKey(ctx, privateModified, []byte(`"`+current.Modified.Format(time.RFC3339Nano)+`"`))...)
	} else {
		family.Current = nil
	}
	list := family.Versions()
	plan.setVersions(list, storeID)
	plan.NextRotationAt = nextRotation(plan, family, list)
	diags.Append(state.Set(ctx, plan)...)
}

func (r *secretResource) newValue(plan, config *secretModel) (string, error) {
	if plan.kind() == kindRandom {
		buf := make([]byte, plan.Bytes.ValueInt64())
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("reading random bytes for secret %s failed: %w", plan.ID.ValueString(), err)
		}
		return base64.RawURLEncoding.EncodeToString(buf), nil
	}
	if !config.ValueWO.IsNull() {
		return config.ValueWO.ValueString(), nil
	}
	return plan.Value.ValueString(), nil
}

func (r *secretResource) stamp(ctx context.Context, s versions.StoreSecret, meta versions.Meta, scopes []string) (versions.StoreSecret, error) {
	comment := versions.Encode(meta)
	return r.client.Patch(ctx, s.ID, s.Name, client.Patch{Comment: &comment, Scopes: scopes})
}

// needsCopySlot reports whether rotating the family's current version makes
// a retained copy, which takes a store secret.
func needsCopySlot(plan *secretModel, family versions.Family) bool {
	if mode, _ := plan.retention(); mode == versions.RetainNone || family.Current == nil {
		return false
	}
	_, copied := family.Copy(family.Current.Meta.Version)
	return !copied
}

// planQuota reserves the store secret a planned change adds and rejects the
// plan when the account has no room for all that the plan adds so far, so
// that nothing is written. Apply checks again, since other changes may have
// used the room meanwhile.
func (r *secretResource) planQuota(ctx context.Context, storeName string, diags *diag.Diagnostics) {
	listing, need, err := r.client.Reserve(ctx, storeName)
	if err == nil {
		err = r.checkQuota(ctx, need, listing)
	}
	if err != nil {
		diags.AddError(quotaSummary(err), err.Error()+".")
	}
}

// quotaSummary tells a full account from a failure to find out.
func quotaSummary(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return "Unable to Check Secrets Store Quota"
	}
	return "Secrets Store Quota Exceeded"
}

// checkQuota fails when the account cannot hold need more secrets, naming
// the retention policies that hold slots.
func (r *secretResource) checkQuota(ctx context.Context, need int, listing []versions.StoreSecret) error {
	limit, err := r.client.QuotaLimit(ctx)
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
	return fmt.Errorf("this plan needs %d more store secret(s), but account %s already uses %d of its %d; %s. "+
		"Shorten retention (rotation.retain), delete unused secrets, or ask Cloudflare for a larger quota", need, r.client.AccountID(), len(listing), limit, held)
}

func (r *secretResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	family, err := r.client.Family(ctx, state.namespace(), state.name())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Secret", "Reading the Secrets Store to read "+state.ID.ValueString()+" failed.\n\nError: "+err.Error())
		return
	}
	for _, d := range family.Damaged {
		resp.Diagnostics.AddWarning("Unreadable Secret Metadata",
			fmt.Sprintf("Store secret %q carries a Layeron comment that cannot be read, so it is ignored and never changed. Fix or delete it in the dashboard.", d.Name))
	}
	current := family.Current
	if current == nil || (!current.Marked && state.kind() != kindGenerated) {
		if state.kind() != kindGenerated {
			tflog.Warn(ctx, "Secret is gone from the store; removing it from state", map[string]any{"secret": state.ID.ValueString()})
			resp.State.RemoveResource(ctx)
			return
		}
	}
	if current != nil && current.Marked {
		state.setDeclaration(current.Meta)
		state.Scopes = stringSet(current.Scopes)
	}
	storeID, err := r.client.StoreID(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Read Secret", err.Error())
		return
	}
	state.StoreID = types.StringValue(storeID)
	state.SecretName = types.StringValue(versions.CurrentName(state.namespace(), state.name()))
	state.ID = types.StringValue(state.namespace() + "/" + state.name())
	state.ModuleConfig = state.moduleConfig()
	list := family.Versions()
	state.setVersions(list, storeID)
	if current != nil && !current.Marked {
		state.Fulfilled = types.BoolValue(true)
	}
	state.NextRotationAt = nextRotation(&state, family, list)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *secretResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config secretModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.SetField(ctx, "secret", plan.ID.ValueString())
	listing, err := r.client.List(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Update Secret", "Listing the Secrets Store failed.\n\nError: "+err.Error())
		return
	}
	family := versions.Collect(plan.namespace(), plan.name(), listing)
	now := r.clock.Now().UTC().Truncate(time.Second)
	recorded, _ := req.Private.GetKey(ctx, privateModified)
	c := planChange(&state, &plan, family, now, unquote(recorded))
	scopes, diags := plan.scopes(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	current := family.Current
	if current == nil && plan.kind() != kindGenerated {
		resp.Diagnostics.AddError("Unable to Update Secret",
			fmt.Sprintf("Store secret %q is missing from account %s. Run terraform apply again to recreate it.", plan.SecretName.ValueString(), r.client.AccountID()))
		return
	}

	var written *versions.StoreSecret
	switch {
	case c.rotate:
		s, rotated, err := r.rotate(ctx, &plan, &config, family, now, scopes, listing)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Rotate Secret", err.Error())
			return
		}
		written, family = &s, rotated
		// The copies are judged again against the new version list.
		c2 := planChange(&plan, &plan, family, now, "")
		c.restamp, c.prune = c2.restamp, c2.prune
	case c.record:
		s, err := r.stamp(ctx, current.StoreSecret, plan.meta(family.HighestVersion()+1, current.Modified.Truncate(time.Second)), scopes)
		if err != nil {
			resp.Diagnostics.AddError("Unable to Record Generated Secret", err.Error())
			return
		}
		written = &s
	case current != nil && current.Marked:
		meta := plan.meta(current.Meta.Version, current.Meta.From)
		if versions.Encode(meta) != current.Comment || !slices.Equal(scopes, current.Scopes) {
			s, err := r.stamp(ctx, current.StoreSecret, meta, scopes)
			if err != nil {
				resp.Diagnostics.AddError("Unable to Update Secret", err.Error())
				return
			}
			written = &s
		} else {
			written = &current.StoreSecret
		}
	}

	mode, days := plan.retention()
	for _, m := range c.restamp {
		meta := m.Meta
		meta.Expires, meta.ExpiresNever = versions.Expiry(mode, days, meta.Until)
		if _, err := r.stamp(ctx, m.StoreSecret, meta, scopes); err != nil {
			resp.Diagnostics.AddError("Unable to Update Retained Version", err.Error())
			return
		}
	}
	var prune []versions.StoreSecret
	for _, m := range c.prune {
		prune = append(prune, m.StoreSecret)
	}
	if err := r.client.Delete(ctx, prune); err != nil {
		resp.Diagnostics.AddError("Unable to Delete Expired Versions", err.Error())
		return
	}
	listing = mustList(ctx, r.client, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	family = versions.Collect(plan.namespace(), plan.name(), listing)
	if written != nil && family.Current != nil {
		written = &family.Current.StoreSecret
	}
	r.finish(ctx, &plan, family, written, resp.Private, &resp.State, &resp.Diagnostics)
}

// rotate makes a new version: it keeps the current value as a retained copy
// (a server-side duplicate, unless retention is none), then overwrites the
// current secret. A copy left by an interrupted rotation is reused, never
// overwritten, so retrying after a crash at any step loses nothing. It
// returns the new current secret and the family as the store now holds it.
func (r *secretResource) rotate(ctx context.Context, plan, config *secretModel, family versions.Family, now time.Time, scopes []string, listing []versions.StoreSecret) (versions.StoreSecret, versions.Family, error) {
	current := family.Current
	mode, days := plan.retention()
	v := current.Meta.Version
	if _, exists := family.Copy(v); !exists && mode != versions.RetainNone {
		if err := r.checkQuota(ctx, 1, listing); err != nil {
			return versions.StoreSecret{}, family, err
		}
		meta := current.Meta
		meta.Retired, meta.Until = true, now
		meta.Expires, meta.ExpiresNever = versions.Expiry(mode, days, now)
		keepOnly := versions.Meta{Namespace: meta.Namespace, Name: meta.Name, Kind: meta.Kind, Version: v, From: meta.From,
			Retired: true, Until: meta.Until, Expires: meta.Expires, ExpiresNever: meta.ExpiresNever}
		if _, err := r.client.Duplicate(ctx, current.ID, current.Name, versions.CopyName(plan.namespace(), plan.name(), v), versions.Encode(keepOnly), scopes); err != nil {
			return versions.StoreSecret{}, family, err
		}
	}
	value, err := r.newValue(plan, config)
	if err != nil {
		return versions.StoreSecret{}, family, err
	}
	comment := versions.Encode(plan.meta(family.HighestVersion()+1, now))
	s, err := r.client.Patch(ctx, current.ID, current.Name, client.Patch{Value: &value, Comment: &comment, Scopes: scopes})
	if err != nil {
		return versions.StoreSecret{}, family, err
	}
	tflog.Info(ctx, "Rotated secret", map[string]any{"version": family.HighestVersion() + 1})
	listing, err = r.client.List(ctx)
	if err != nil {
		return s, family, err
	}
	return s, versions.Collect(plan.namespace(), plan.name(), listing), nil
}

func mustList(ctx context.Context, c *client.Client, diags *diag.Diagnostics) []versions.StoreSecret {
	listing, err := c.List(ctx)
	if err != nil {
		diags.AddError("Unable to Read Secrets Store", err.Error())
	}
	return listing
}

func (r *secretResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state secretModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	family, err := r.client.Family(ctx, state.namespace(), state.name())
	if err != nil {
		resp.Diagnostics.AddError("Unable to Delete Secret", "Reading the Secrets Store failed.\n\nError: "+err.Error())
		return
	}
	// Only what carries the Layeron marker is deleted.
	var doomed []versions.StoreSecret
	for _, c := range family.Copies {
		doomed = append(doomed, c.StoreSecret)
	}
	if family.Current != nil && family.Current.Marked {
		doomed = append(doomed, family.Current.StoreSecret)
	}
	if err := r.client.Delete(ctx, doomed); err != nil {
		resp.Diagnostics.AddError("Unable to Delete Secret", err.Error())
		return
	}
	tflog.Info(ctx, "Deleted secret", map[string]any{"secret": state.ID.ValueString(), "store_secrets": len(doomed)})
}

func (r *secretResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	namespace, name, err := versions.ParseID(req.ID, r.namespace)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf("The import ID %q must be <namespace>/<name> or <name>; %s.", req.ID, err))
		return
	}
	family, err := r.client.Family(ctx, namespace, name)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Import Secret", err.Error())
		return
	}
	if family.Current == nil || !family.Current.Marked {
		resp.Diagnostics.AddError("Cannot Import Secret",
			fmt.Sprintf("No Layeron secret %s/%s exists in account %s (store secret %q is missing or was not created by Layeron). To adopt a value written by another tool, declare it with kind = \"generated\" instead of importing it.",
				namespace, name, r.client.AccountID(), versions.CurrentName(namespace, name)))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), namespace+"/"+name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("namespace"), namespace)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("kind"), family.Current.Meta.Kind)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateModified, []byte(`"`+family.Current.Modified.Format(time.RFC3339Nano)+`"`))...)
}

func unquote(b []byte) string {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return ""
	}
	return s
}

func stringSet(values []string) types.Set {
	items := make([]attrValue, len(values))
	for i, v := range values {
		items[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, items)
}

type identifierValidator struct {
	what  string
	check func(string) error
}

func (v identifierValidator) Description(context.Context) string {
	return "must be letters, digits and underscores joined by single dashes"
}

func (v identifierValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v identifierValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+strings.ToUpper(v.what[:1])+v.what[1:],
			fmt.Sprintf("The %s %q %s.", v.what, req.ConfigValue.ValueString(), err))
	}
}

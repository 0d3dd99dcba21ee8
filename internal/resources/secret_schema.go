package resources

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// knownScopes are the Cloudflare services the Secrets Store knows.
var knownScopes = []string{"access", "ai_gateway", "containers", "dex", "websearch", "workers"}

// javaScriptIdentifier is compiled once: Terraform asks for the schema on
// nearly every call.
var javaScriptIdentifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

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
				Validators:          []validator.String{framework.NameValidator()},
			},
			"namespace": schema.StringAttribute{
				MarkdownDescription: "Platform namespace: the same characters as `name`, at most 63. Defaults to the provider's `namespace`, then `default`.",
				Optional:            true,
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIfConfigured()},
				Validators:          []validator.String{framework.NamespaceValidator()},
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
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("value_wo")), framework.TextValidator("value_wo_version")},
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
				Default:             stringdefault.StaticString(versions.DefaultFormat),
				Validators:          []validator.String{stringvalidator.OneOf(versions.ValueFormats...)},
			},
			"rotation": rotationAttribute(),
			"rotation_triggers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values; any change rotates now. A static secret also needs a new value: change `value_wo_version` (or `value`) with it.",
				Optional:            true,
				ElementType:         types.StringType,
			},
			"consume":   consumeAttribute(),
			"ownership": ownershipAttribute(),
			"scopes": schema.SetAttribute{
				MarkdownDescription: "Cloudflare services that may use the secret: " + strings.Join(knownScopes, ", ") + ". Default `[\"workers\"]`.",
				Optional:            true,
				Computed:            true,
				ElementType:         types.StringType,
				Default:             setdefault.StaticValue(stringSet([]string{versions.DefaultScope})),
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
			"versions": versionsAttribute(),
			"bindings": bindingsAttribute(),
			"module_config": schema.StringAttribute{
				MarkdownDescription: "JSON of the normalized Layeron `SecretModuleConfig`, defaults filled, as the store secret's comment declares it. " +
					"When that comment was changed outside Terraform, or an imported secret is taken over from another configuration, the plan shows it changing " +
					"(known after apply for a take-over): that is the update that writes the comment again, without a new version.",
				Computed: true,
			},
		},
	}
}

func rotationAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Rotation policy. Random secrets rotate in place when due (the plan shows the update); static and generated secrets get a plan warning. " +
			"Without `every_days` there is no schedule, and `retain` is the policy of the rotations asked for by `rotation_triggers`, `value_wo_version` or `layeron secret put`.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"every_days": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Rotation interval in days, from 1 to %d. Without it, the secret rotates only when asked.", versions.MaxDays),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1), int64validator.AtMost(versions.MaxDays)},
			},
			"start_at": schema.StringAttribute{
				MarkdownDescription: "RFC3339 time of the first scheduled rotation; later ones follow every `every_days`. Without it, the first rotation is `every_days` after creation.",
				Optional:            true,
				CustomType:          timetypes.RFC3339Type{},
				Validators:          []validator.String{stringvalidator.AlsoRequires(path.MatchRelative().AtParent().AtName("every_days"))},
			},
			"retain": schema.SingleNestedAttribute{
				MarkdownDescription: "What happens to the previous version on rotation. Each retained version is a store secret of its own, and counts against " +
					"the account's quota of 100 store secrets beside the one holding the current version: " +
					"`retain_for` N days with `every_days` M keeps about ceil(N/M) copies (7 days every 30: 1; 30 days every 7: 5), " +
					"`retain_forever` keeps one more after every rotation, and `none` keeps none. " +
					"Every rotation also needs one free slot while it runs, under `none` too, for the copy it makes first. " +
					"Rotations asked for by `rotation_triggers`, actions or `layeron secret put` keep copies by the same rule.",
				Optional: true,
				Attributes: map[string]schema.Attribute{
					"mode": schema.StringAttribute{
						MarkdownDescription: "`none` (retire it at once), `retain_for` (keep it `days` days) or `retain_forever`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(versions.RetainNone, versions.RetainFor, versions.RetainForever)},
					},
					"days": schema.Int64Attribute{
						MarkdownDescription: fmt.Sprintf("Days to keep a previous version, from 1 to %d; required for, and only for, `retain_for`.", versions.MaxDays),
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1), int64validator.AtMost(versions.MaxDays)},
					},
				},
			},
		},
	}
}

func consumeAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{
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
	}
}

func ownershipAttribute() schema.Attribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Ownership metadata for product-owned secrets.",
		Optional:            true,
		Attributes: map[string]schema.Attribute{
			"owner_product": schema.StringAttribute{MarkdownDescription: "Owning product name.", Optional: true,
				Validators: []validator.String{framework.TextValidator("owner_product")}},
			"owner_instance_id": schema.StringAttribute{MarkdownDescription: "Owning product instance ID.", Optional: true,
				Validators: []validator.String{framework.TextValidator("owner_instance_id")}},
			"purpose": schema.StringAttribute{MarkdownDescription: "Business purpose of the secret.", Optional: true,
				Validators: []validator.String{framework.TextValidator("purpose")}},
		},
	}
}

// versions and bindings are lists of objects rather than nested attributes:
// Terraform sees the same type, but the framework then runs no plan
// modification element by element of either list, a ninth of a plan's work.
func versionsAttribute() schema.Attribute {
	return schema.ListAttribute{
		MarkdownDescription: "Versions in the store, newest first: the current one and each retained copy. " +
			"Each has `version` (the version id), `secret_name` (the store secret holding it), `active_from` (when it became current), " +
			"`retired_at` (when it stopped being current; null for the current version), `expires_at` (when the retained copy is deleted; null when current or retained forever) " +
			"and `current` (whether it is the current version).",
		Computed:    true,
		ElementType: types.ObjectType{AttrTypes: framework.VersionAttrTypes},
	}
}

func bindingsAttribute() schema.Attribute {
	return schema.ListAttribute{
		MarkdownDescription: "Ready-to-use Workers `secrets_store_secret` bindings: the current version, plus each retained version when `consume.expose = \"versioned\"`. " +
			"Each has `name` (the binding, or variable, name), `type` (always `secrets_store_secret`), `store_id`, `secret_name` (the store secret) and `version` (the version id behind the binding).",
		Computed:    true,
		ElementType: types.ObjectType{AttrTypes: bindingAttrTypes},
	}
}

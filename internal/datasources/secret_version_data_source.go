// Package datasources holds the provider's data sources.
package datasources

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ datasource.DataSource                   = (*secretVersionDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*secretVersionDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*secretVersionDataSource)(nil)
)

// NewSecretVersionDataSource returns the layeron_secret_version data source.
func NewSecretVersionDataSource() datasource.DataSource {
	return &secretVersionDataSource{}
}

type secretVersionDataSource struct {
	store     providerdata.Store
	clock     clock.Clock
	namespace string
}

type secretVersionModel struct {
	ID        types.String      `tfsdk:"id"`
	Name      types.String      `tfsdk:"name"`
	Namespace types.String      `tfsdk:"namespace"`
	Selector  types.String      `tfsdk:"selector"`
	Version   types.String      `tfsdk:"version"`
	At        timetypes.RFC3339 `tfsdk:"at"`
	// AllowUnfulfilled reads a secret of which the store holds no version
	// as fulfilled = false with no values, instead of failing.
	AllowUnfulfilled types.Bool `tfsdk:"allow_unfulfilled"`
	Fulfilled        types.Bool `tfsdk:"fulfilled"`
	Values           types.List `tfsdk:"values"`
}

// valueAttrTypes are a version object with the store holding it.
var valueAttrTypes = framework.VersionAttrTypesWith(map[string]attr.Type{"store_id": types.StringType})

var versionIDPattern = regexp.MustCompile(`^[1-9][0-9]*$`)

func (d *secretVersionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_secret_version"
}

func (d *secretVersionDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads versions of a Layeron secret from the Cloudflare Secrets Store (not from any Terraform state, so it works in configurations that do not manage the secret). " +
			"Values are never returned, since the API cannot return them; `secret_name` is what a Worker binding needs.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<namespace>/<name>`.",
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Secret name.",
				Required:            true,
				Validators:          []validator.String{framework.NameValidator()},
			},
			"namespace": schema.StringAttribute{
				MarkdownDescription: "Namespace; defaults to the provider's `namespace`.",
				Optional:            true,
				Validators:          []validator.String{framework.NamespaceValidator()},
			},
			"selector": schema.StringAttribute{
				MarkdownDescription: "`current` (default): the current version. `version`: the one named by `version`. `at`: the one current at the instant `at`. " +
					"`active`: every version usable at `at` (default now): the current one plus retained copies not yet expired, the key set a verifier accepts during a rotation overlap.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(versions.SelectCurrent, versions.SelectVersion, versions.SelectAt, versions.SelectActive)},
			},
			"version": schema.StringAttribute{
				MarkdownDescription: "Version id, for `selector = \"version\"`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(versionIDPattern, "must be a version id such as \"3\"")},
			},
			"at": schema.StringAttribute{
				MarkdownDescription: "RFC3339 instant, required for `selector = \"at\"`, optional for `active` (default now).",
				Optional:            true,
				CustomType:          timetypes.RFC3339Type{},
			},
			"allow_unfulfilled": schema.BoolAttribute{
				MarkdownDescription: "When `true`, a secret of which the store holds no version yet, such as a generated secret not yet fulfilled, " +
					"is read as `fulfilled = false` with an empty `values`, and a warning, instead of failing the plan with `Secret Not Found`. " +
					"The store keeps nothing of a generated secret before its first value is written, so a misspelt `name` or `namespace` reads the same way: " +
					"the warning lists the Layeron secrets the namespace holds. Default `false`.",
				Optional: true,
			},
			"fulfilled": schema.BoolAttribute{
				MarkdownDescription: "Whether the store holds a version of the secret. `false` only with `allow_unfulfilled = true`, when it holds none: " +
					"before a generated secret's first value is written, or while a value written by a tool other than the `layeron` CLI waits to be recorded " +
					"by an apply of the configuration that declares the secret.",
				Computed: true,
			},
			"values": schema.ListNestedAttribute{
				MarkdownDescription: "Matching versions, **newest first**.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"version":     schema.StringAttribute{Computed: true, MarkdownDescription: "Version id."},
					"active_from": schema.StringAttribute{Computed: true, MarkdownDescription: "When it became current."},
					"retired_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When it stopped being current; null for the current version."},
					"expires_at":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the retained copy is deleted; null when current or kept forever."},
					"current":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is the current version."},
					"secret_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Store secret holding it, for a Worker binding."},
					"store_id":    schema.StringAttribute{Computed: true, MarkdownDescription: "Secrets Store ID."},
				}},
			},
		},
	}
}

func (d *secretVersionDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data := providerdata.From(req.ProviderData, "Data Source", &resp.Diagnostics)
	if data == nil {
		return
	}
	d.store, d.clock, d.namespace = data.Store, data.Clock, data.Namespace
}

func (d *secretVersionDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var config secretVersionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || config.Selector.IsUnknown() {
		return
	}
	selector := selectorOf(config)
	switch {
	case selector == versions.SelectVersion && config.Version.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("version"), "Missing Version", `selector = "version" reads one version: set version, for example version = "3".`)
	case selector != versions.SelectVersion && !config.Version.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("version"), "Attribute Not Allowed", fmt.Sprintf(`version applies only to selector = "version", not %q. Remove it or change the selector.`, selector))
	}
	switch {
	case selector == versions.SelectAt && config.At.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("at"), "Missing Instant", `selector = "at" reads the version current at an instant: set at, for example at = "2026-12-01T00:00:00Z".`)
	case (selector == versions.SelectCurrent || selector == versions.SelectVersion) && !config.At.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("at"), "Attribute Not Allowed", fmt.Sprintf(`at applies only to selector = "at" or "active", not %q. Remove it or change the selector.`, selector))
	}
}

func selectorOf(m secretVersionModel) string {
	if m.Selector.IsNull() {
		return versions.SelectCurrent
	}
	return m.Selector.ValueString()
}

func (d *secretVersionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data secretVersionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	namespace := d.namespace
	if !data.Namespace.IsNull() {
		namespace = data.Namespace.ValueString()
	}
	name := data.Name.ValueString()
	id := versions.SecretID(namespace, name)
	sel := versions.Selector{Kind: selectorOf(data), At: d.clock.Now().UTC()}
	if !data.Version.IsNull() {
		sel.Version, _ = strconv.Atoi(data.Version.ValueString())
	}
	if !data.At.IsNull() {
		at, diags := data.At.ValueRFC3339Time()
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		sel.At = at
	}

	family, err := d.store.Family(ctx, namespace, name)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Read Secret Versions", id, err)
		return
	}
	storeID, err := d.store.StoreID(ctx)
	if err != nil {
		framework.AddStoreError(&resp.Diagnostics, "Unable to Read Secret Versions", id, err)
		return
	}
	for _, s := range family.Damaged {
		resp.Diagnostics.AddWarning("Unreadable Secret Metadata",
			fmt.Sprintf("Store secret %q carries a Layeron comment that cannot be read, so it is skipped. Fix or delete it in the dashboard.", s.Name))
	}
	list := family.Versions()
	data.ID = types.StringValue(id)
	if len(list) == 0 {
		// Naming what the namespace holds is worth a listing on this path.
		listing, _ := d.store.List(ctx)
		found := fmt.Sprintf("No Layeron secret %s exists in store %s of account %s. Layeron secrets in namespace %q: %s.",
			id, storeID, d.store.AccountID(), namespace, namesIn(namespace, listing))
		fulfil := " A generated secret has no store secret until its first value is written (layeron secret put)."
		if family.Current != nil {
			found = fmt.Sprintf("Store secret %q in store %s of account %s holds a value without Layeron metadata.",
				family.Current.Name, storeID, d.store.AccountID())
			fulfil = fmt.Sprintf(" The next apply of the configuration that declares %s as a generated secret records it as a version.", id)
		}
		if data.AllowUnfulfilled.ValueBool() {
			resp.Diagnostics.AddWarning("Secret Not Yet Fulfilled",
				found+fulfil+" With allow_unfulfilled = true it is read as fulfilled = false, with no values, until then.")
			data.Fulfilled = types.BoolValue(false)
			data.Values = types.ListValueMust(types.ObjectType{AttrTypes: valueAttrTypes}, []attr.Value{})
			resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
			return
		}
		resp.Diagnostics.AddAttributeError(path.Root("name"), "Secret Not Found",
			found+fulfil+" To plan before then, set allow_unfulfilled = true: the secret is read as fulfilled = false, with no values.")
		return
	}
	selected, err := versions.Select(list, sel)
	if err != nil {
		attribute := map[string]string{versions.SelectVersion: "version", versions.SelectAt: "at"}[sel.Kind]
		if attribute == "" {
			attribute = "selector"
		}
		resp.Diagnostics.AddAttributeError(path.Root(attribute), "No Matching Secret Version", fmt.Sprintf("Secret %s in store %s: %s.", id, storeID, err))
		return
	}

	items := make([]attr.Value, len(selected))
	for i, v := range selected {
		attrs := framework.VersionAttributes(v)
		attrs["store_id"] = types.StringValue(storeID)
		items[i] = types.ObjectValueMust(valueAttrTypes, attrs)
	}
	data.Fulfilled = types.BoolValue(true)
	data.Values = types.ListValueMust(types.ObjectType{AttrTypes: valueAttrTypes}, items)
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}

// namesIn lists the Layeron secrets of a namespace, for a not-found error.
func namesIn(namespace string, listing []versions.StoreSecret) string {
	var names []string
	for _, s := range listing {
		ns, name, v, ok := versions.ParseStoreName(s.Name)
		if ok && v == 0 && ns == namespace && versions.HasMarker(s.Comment) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

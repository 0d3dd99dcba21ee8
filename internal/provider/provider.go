// Package provider wires the layeron provider: its configuration and the
// lists of its resources, data sources, functions, actions and list
// resources.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/layeron/terraform-provider-layeron/internal/actions"
	"github.com/layeron/terraform-provider-layeron/internal/client"
	"github.com/layeron/terraform-provider-layeron/internal/clock"
	"github.com/layeron/terraform-provider-layeron/internal/datasources"
	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/functions"
	"github.com/layeron/terraform-provider-layeron/internal/listresources"
	"github.com/layeron/terraform-provider-layeron/internal/providerdata"
	"github.com/layeron/terraform-provider-layeron/internal/resources"
	"github.com/layeron/terraform-provider-layeron/internal/settings"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

var (
	_ provider.Provider                  = (*layeronProvider)(nil)
	_ provider.ProviderWithFunctions     = (*layeronProvider)(nil)
	_ provider.ProviderWithActions       = (*layeronProvider)(nil)
	_ provider.ProviderWithListResources = (*layeronProvider)(nil)
)

// New returns the provider as served to Terraform.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, Options{Clock: clock.Real{}})
}

// Options are what tests and benchmarks change in the provider.
type Options struct {
	// Clock lets tests move time for the provider and the emulator together.
	Clock clock.Clock
	// WrapStore, when set, wraps the configured client: the benchmarks'
	// baseline reads the store its own way through it.
	WrapStore func(*client.Client) providerdata.Store
}

// NewWithOptions returns the provider with its options set.
func NewWithOptions(version string, opts Options) func() provider.Provider {
	return func() provider.Provider {
		return &layeronProvider{version: version, clock: opts.Clock, wrapStore: opts.WrapStore}
	}
}

type layeronProvider struct {
	version   string
	clock     clock.Clock
	wrapStore func(*client.Client) providerdata.Store
}

type layeronProviderModel struct {
	APIToken       types.String         `tfsdk:"api_token"`
	AccountID      types.String         `tfsdk:"account_id"`
	StoreID        types.String         `tfsdk:"store_id"`
	BaseURL        types.String         `tfsdk:"base_url"`
	Namespace      types.String         `tfsdk:"namespace"`
	MaxRetries     types.Int64          `tfsdk:"max_retries"`
	RequestTimeout timetypes.GoDuration `tfsdk:"request_timeout"`
}

func (p *layeronProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "layeron"
	resp.Version = p.version
}

func (p *layeronProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Declares Layeron secrets (static, random and generated) with rotation and retention, and keeps them version by version in a Cloudflare Secrets Store. Secret values never enter state, plans or logs.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				MarkdownDescription: "Cloudflare API token with the **Account Secrets Store Edit** permission. Defaults to `$" + settings.EnvAPIToken + "`.",
				Optional:            true,
				Sensitive:           true,
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Cloudflare account ID (32 hexadecimal characters). Defaults to `$" + settings.EnvAccountID + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(settings.IDPattern, "must be 32 lowercase hexadecimal characters")},
			},
			"store_id": schema.StringAttribute{
				MarkdownDescription: "Secrets Store ID. Defaults to `$" + settings.EnvStoreID + "`, then to the account's one store.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(settings.IDPattern, "must be 32 lowercase hexadecimal characters")},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Cloudflare API, for a proxy or the local emulator. Defaults to `$" + settings.EnvBaseURL + "`, then to `" + client.DefaultBaseURL + "`.",
				Optional:            true,
				Validators:          []validator.String{baseURLValidator{}},
			},
			"namespace": schema.StringAttribute{
				MarkdownDescription: "Default namespace of secrets that set none. Defaults to `$" + settings.EnvNamespace + "`, then to `default`.",
				Optional:            true,
				Validators:          []validator.String{framework.NamespaceValidator()},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a rate-limited (429) or failed (5xx) request is retried, with exponential backoff that honours `Retry-After`, from 0 to %d. Defaults to `$%s`, then to %d.", settings.MaxMaxRetries, settings.EnvMaxRetries, settings.DefaultMaxRetries),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, settings.MaxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "How long one attempt of a request may wait for an answer, as a Go duration such as `30s` or `2m`, from 1s to 10m. A read that times out is retried; a write is not, since the API may still carry it out, and the next apply finishes it. Defaults to `$" + settings.EnvRequestTimeout + "`, then to `60s`.",
				CustomType:          timetypes.GoDurationType{},
				Optional:            true,
			},
		},
	}
}

func (p *layeronProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config layeronProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	setting := func(attr string, value types.String, env string) string {
		if value.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(attr), "Unknown Provider Setting",
				fmt.Sprintf("The provider cannot be configured because %s is not known until apply. Set it to a value known at plan time, or set the %s environment variable.", attr, env))
			return ""
		}
		if !value.IsNull() {
			return value.ValueString()
		}
		return os.Getenv(env)
	}
	token := setting("api_token", config.APIToken, settings.EnvAPIToken)
	accountID := setting("account_id", config.AccountID, settings.EnvAccountID)
	storeID := setting("store_id", config.StoreID, settings.EnvStoreID)
	baseURL := setting("base_url", config.BaseURL, settings.EnvBaseURL)
	namespace := setting("namespace", config.Namespace, settings.EnvNamespace)
	if resp.Diagnostics.HasError() {
		return
	}

	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Missing Cloudflare API Token",
			"The provider needs a Cloudflare API token with the Account Secrets Store Edit permission. Set api_token in the provider block or the "+settings.EnvAPIToken+" environment variable.")
	}
	if accountID == "" {
		resp.Diagnostics.AddAttributeError(path.Root("account_id"), "Missing Cloudflare Account ID",
			"The provider needs the ID of the Cloudflare account that holds the Secrets Store. Set account_id in the provider block or the "+settings.EnvAccountID+" environment variable.")
	} else if !settings.ValidID(accountID) {
		resp.Diagnostics.AddAttributeError(path.Root("account_id"), "Invalid Cloudflare Account ID",
			fmt.Sprintf("The account ID %q (from account_id or %s) must be 32 lowercase hexadecimal characters.", accountID, settings.EnvAccountID))
	}
	if storeID != "" && !settings.ValidID(storeID) {
		resp.Diagnostics.AddAttributeError(path.Root("store_id"), "Invalid Secrets Store ID",
			fmt.Sprintf("The store ID %q (from store_id or %s) must be 32 lowercase hexadecimal characters.", storeID, settings.EnvStoreID))
	}
	if baseURL == "" {
		baseURL = client.DefaultBaseURL
	} else if err := settings.CheckBaseURL(baseURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Base URL",
			fmt.Sprintf("The base URL %q (from base_url or %s) %s.", settings.ShownURL(baseURL), settings.EnvBaseURL, err))
	}
	if namespace == "" {
		namespace = settings.DefaultNamespace
	} else if err := versions.ValidateNamespace(namespace); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("namespace"), "Invalid Namespace",
			fmt.Sprintf("The namespace %q (from namespace or %s) %s.", namespace, settings.EnvNamespace, err))
	}
	maxRetries := int64(settings.DefaultMaxRetries)
	if !config.MaxRetries.IsNull() && !config.MaxRetries.IsUnknown() {
		maxRetries = config.MaxRetries.ValueInt64()
	} else if env := os.Getenv(settings.EnvMaxRetries); env != "" {
		n, err := strconv.ParseInt(env, 10, 64)
		if err != nil || n < 0 || n > settings.MaxMaxRetries {
			resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Invalid Retry Count",
				fmt.Sprintf("The %s environment variable is %q; it must be a whole number from 0 to %d.", settings.EnvMaxRetries, env, settings.MaxMaxRetries))
		}
		maxRetries = n
	}
	requestTimeout := client.DefaultRequestTimeout
	if timeout := setting("request_timeout", config.RequestTimeout.StringValue, settings.EnvRequestTimeout); timeout != "" {
		d, err := time.ParseDuration(timeout)
		if err != nil || d < settings.MinRequestTimeout || d > settings.MaxRequestTimeout {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid Request Timeout",
				fmt.Sprintf("The request timeout %q (from request_timeout or %s) must be a Go duration from %s to %s, such as \"30s\" or \"2m\".", timeout, settings.EnvRequestTimeout, settings.MinRequestTimeout, settings.MaxRequestTimeout))
		}
		requestTimeout = d
	}
	if resp.Diagnostics.HasError() {
		return
	}

	c := client.New(client.Config{
		APIToken:       token,
		AccountID:      accountID,
		StoreID:        storeID,
		BaseURL:        baseURL,
		MaxRetries:     int(maxRetries),
		RequestTimeout: requestTimeout,
		UserAgent:      "terraform-provider-layeron/" + p.version,
		Logger:         tflogLogger{},
	})
	tflog.Debug(ctx, "Configured the Secrets Store client", map[string]any{"account_id": accountID, "store_id": storeID, "base_url": baseURL, "request_timeout": requestTimeout.String()})
	var store providerdata.Store = c
	if p.wrapStore != nil {
		store = p.wrapStore(c)
	}
	data := &providerdata.Data{Store: store, Clock: p.clock, Namespace: namespace}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *layeronProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		resources.NewSecretResource,
	}
}

func (p *layeronProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		actions.NewSecretRotateAction,
		actions.NewSecretRevokeAction,
	}
}

func (p *layeronProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		listresources.NewSecretListResource,
	}
}

func (p *layeronProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		datasources.NewSecretVersionDataSource,
	}
}

func (p *layeronProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		functions.NewHMACFunction,
		functions.NewVerifyHMACFunction,
		functions.NewSignJWTFunction,
		functions.NewVerifyJWTFunction,
	}
}

type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an absolute http or https URL"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := settings.CheckBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Base URL",
			fmt.Sprintf("The base URL %q %s.", settings.ShownURL(req.ConfigValue.ValueString()), err))
	}
}

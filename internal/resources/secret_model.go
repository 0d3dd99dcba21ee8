package resources

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/layeron/terraform-provider-layeron/internal/framework"
	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// Kinds of secret.
const (
	kindStatic    = versions.KindStatic
	kindRandom    = versions.KindRandom
	kindGenerated = versions.KindGenerated

	exposeCurrent   = "current"
	exposeVersioned = "versioned"
	bindingType     = "secrets_store_secret"
)

// secretModel is a secret's plan, state or configuration. Its nested models
// are replaced, never edited in place: a plan made from the state, and the
// copies kept to tell whether a call changed anything, share them.
type secretModel struct {
	ID               types.String    `tfsdk:"id"`
	Name             types.String    `tfsdk:"name"`
	Namespace        types.String    `tfsdk:"namespace"`
	Kind             types.String    `tfsdk:"kind"`
	Bytes            types.Int64     `tfsdk:"bytes"`
	ValueWO          types.String    `tfsdk:"value_wo"`
	ValueWOVersion   types.String    `tfsdk:"value_wo_version"`
	Value            types.String    `tfsdk:"value"`
	ValueFormat      types.String    `tfsdk:"value_format"`
	Rotation         *rotationModel  `tfsdk:"rotation"`
	RotationTriggers types.Map       `tfsdk:"rotation_triggers"`
	Consume          *consumeModel   `tfsdk:"consume"`
	Ownership        *ownershipModel `tfsdk:"ownership"`
	Scopes           types.Set       `tfsdk:"scopes"`
	StoreID          types.String    `tfsdk:"store_id"`
	SecretName       types.String    `tfsdk:"secret_name"`
	CurrentVersion   types.String    `tfsdk:"current_version"`
	NextRotationAt   types.String    `tfsdk:"next_rotation_at"`
	Fulfilled        types.Bool      `tfsdk:"fulfilled"`
	Versions         types.List      `tfsdk:"versions"`
	Bindings         types.List      `tfsdk:"bindings"`
	ModuleConfig     types.String    `tfsdk:"module_config"`
}

type rotationModel struct {
	EveryDays types.Int64       `tfsdk:"every_days"`
	StartAt   timetypes.RFC3339 `tfsdk:"start_at"`
	Retain    *retainModel      `tfsdk:"retain"`
}

type retainModel struct {
	Mode types.String `tfsdk:"mode"`
	Days types.Int64  `tfsdk:"days"`
}

type consumeModel struct {
	Address types.String `tfsdk:"address"`
	Expose  types.String `tfsdk:"expose"`
}

type ownershipModel struct {
	OwnerProduct    types.String `tfsdk:"owner_product"`
	OwnerInstanceID types.String `tfsdk:"owner_instance_id"`
	Purpose         types.String `tfsdk:"purpose"`
}

var bindingAttrTypes = map[string]attr.Type{
	"name":        types.StringType,
	"type":        types.StringType,
	"store_id":    types.StringType,
	"secret_name": types.StringType,
	"version":     types.StringType,
}

func (m *secretModel) namespace() string { return m.Namespace.ValueString() }
func (m *secretModel) name() string      { return m.Name.ValueString() }
func (m *secretModel) kind() string      { return m.Kind.ValueString() }

// id is the secret's id, <namespace>/<name>.
func (m *secretModel) id() string { return versions.SecretID(m.namespace(), m.name()) }

// currentActiveFrom is when the current version recorded in state became
// current, or zero.
func (m *secretModel) currentActiveFrom() time.Time {
	var list []struct {
		ActiveFrom types.String `tfsdk:"active_from"`
		Current    types.Bool   `tfsdk:"current"`
		Version    types.String `tfsdk:"version"`
		SecretName types.String `tfsdk:"secret_name"`
		RetiredAt  types.String `tfsdk:"retired_at"`
		ExpiresAt  types.String `tfsdk:"expires_at"`
	}
	if m.Versions.IsNull() || m.Versions.IsUnknown() || m.Versions.ElementsAs(context.Background(), &list, false).HasError() {
		return time.Time{}
	}
	for _, v := range list {
		if v.Current.ValueBool() {
			t, _ := time.Parse(time.RFC3339, v.ActiveFrom.ValueString())
			return t
		}
	}
	return time.Time{}
}

// declarationKnown reports whether everything the store's metadata records
// of the declaration is known, as it is unless it comes from a value that
// another resource computes at apply.
func (m *secretModel) declarationKnown() bool {
	values := []attr.Value{m.Bytes, m.ValueFormat, m.ValueWOVersion}
	if r := m.Rotation; r != nil {
		values = append(values, r.EveryDays, r.StartAt)
		if r.Retain != nil {
			values = append(values, r.Retain.Mode, r.Retain.Days)
		}
	}
	if c := m.Consume; c != nil {
		values = append(values, c.Address, c.Expose)
	}
	if o := m.Ownership; o != nil {
		values = append(values, o.OwnerProduct, o.OwnerInstanceID, o.Purpose)
	}
	for _, v := range values {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// retention returns the retention policy, none when unset.
func (m *secretModel) retention() versions.Retention {
	if m.Rotation == nil || m.Rotation.Retain == nil || m.Rotation.Retain.Mode.IsNull() {
		return versions.Retention{Mode: versions.RetainNone}
	}
	return versions.Retention{Mode: m.Rotation.Retain.Mode.ValueString(), Days: int(m.Rotation.Retain.Days.ValueInt64())}
}

// schedule returns the rotation schedule, if any.
func (m *secretModel) schedule() (versions.Schedule, bool) {
	if m.Rotation == nil || m.Rotation.EveryDays.IsNull() || m.Rotation.EveryDays.IsUnknown() {
		return versions.Schedule{}, false
	}
	s := versions.Schedule{EveryDays: int(m.Rotation.EveryDays.ValueInt64())}
	if !m.Rotation.StartAt.IsNull() && !m.Rotation.StartAt.IsUnknown() {
		if t, diags := m.Rotation.StartAt.ValueRFC3339Time(); !diags.HasError() {
			s.StartAt = t.UTC()
		}
	}
	return s, true
}

func (m *secretModel) expose() string {
	if m.Consume == nil || m.Consume.Expose.IsNull() {
		return exposeCurrent
	}
	return m.Consume.Expose.ValueString()
}

// scopes returns the scopes sorted, as the store lists them, so that the two
// compare equal when nothing changed.
func (m *secretModel) scopes(ctx context.Context) ([]string, diag.Diagnostics) {
	var out []string
	diags := m.Scopes.ElementsAs(ctx, &out, false)
	slices.Sort(out)
	return out, diags
}

// toMeta renders the declaration into the metadata of version v, current
// from from, held by the configuration whose token is holder; fromMeta is
// its inverse.
func (m *secretModel) toMeta(v int, from time.Time, holder string) versions.Meta {
	meta := versions.Meta{
		Holder:    holder,
		Namespace: m.namespace(),
		Name:      m.name(),
		Kind:      m.kind(),
		Version:   v,
		From:      from,
		Bytes:     int(m.Bytes.ValueInt64()),
		Format:    m.ValueFormat.ValueString(),
		Triggers:  triggersDigest(m.RotationTriggers),
		WOVersion: m.ValueWOVersion.ValueString(),
	}
	if r := m.Rotation; r != nil {
		meta.EveryDays = int(r.EveryDays.ValueInt64())
		meta.StartAt = r.StartAt.ValueString()
		if r.Retain != nil {
			meta.RetainMode = r.Retain.Mode.ValueString()
			meta.RetainDays = int(r.Retain.Days.ValueInt64())
		}
	}
	if c := m.Consume; c != nil {
		meta.Address = c.Address.ValueString()
		meta.Expose = c.Expose.ValueString()
	}
	if o := m.Ownership; o != nil {
		meta.OwnerProduct = o.OwnerProduct.ValueString()
		meta.OwnerInstance = o.OwnerInstanceID.ValueString()
		meta.Purpose = o.Purpose.ValueString()
	}
	return meta
}

// fromMeta copies the declaration kept in a current secret's metadata into
// the model, so that an import rebuilds the configuration. The kind is left
// as it is: it forces replacement, which a comment edited in the store must
// never cause.
func (m *secretModel) fromMeta(meta versions.Meta) {
	m.Bytes = optionalInt(meta.Bytes)
	m.ValueWOVersion = optionalString(meta.WOVersion)
	m.ValueFormat = types.StringValue(versions.DefaultFormat)
	if meta.Format != "" {
		m.ValueFormat = types.StringValue(meta.Format)
	}
	m.Rotation = nil
	if meta.EveryDays > 0 || meta.RetainMode != "" {
		m.Rotation = &rotationModel{EveryDays: optionalInt(meta.EveryDays), StartAt: optionalTime(meta.StartAt)}
		if meta.RetainMode != "" {
			m.Rotation.Retain = &retainModel{Mode: types.StringValue(meta.RetainMode), Days: optionalInt(meta.RetainDays)}
		}
	}
	m.Consume = nil
	if meta.Address != "" || meta.Expose != "" {
		m.Consume = &consumeModel{Address: optionalString(meta.Address), Expose: optionalString(meta.Expose)}
	}
	m.Ownership = nil
	if meta.OwnerProduct != "" || meta.OwnerInstance != "" || meta.Purpose != "" {
		m.Ownership = &ownershipModel{OwnerProduct: optionalString(meta.OwnerProduct), OwnerInstanceID: optionalString(meta.OwnerInstance), Purpose: optionalString(meta.Purpose)}
	}
}

// triggersDigest identifies a rotation_triggers map without storing it. An
// empty map is no triggers, as null is: a module that defaults them to {}
// and the configuration terraform query generates (null) mean the same.
func triggersDigest(triggers types.Map) string {
	if triggers.IsNull() || triggers.IsUnknown() || len(triggers.Elements()) == 0 {
		return ""
	}
	plain := map[string]string{}
	for k, v := range triggers.Elements() {
		if s, ok := v.(types.String); ok {
			plain[k] = s.ValueString()
		}
	}
	b, err := json.Marshal(plain)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func optionalInt(n int) types.Int64 {
	if n == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(n))
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func optionalTime(s string) timetypes.RFC3339 {
	if s == "" {
		return timetypes.NewRFC3339Null()
	}
	// A comment edited by hand may hold anything: never panic on it.
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return timetypes.NewRFC3339Null()
	}
	return timetypes.NewRFC3339ValueMust(s)
}

func stringSet(values []string) types.Set {
	items := make([]attr.Value, len(values))
	for i, v := range values {
		items[i] = types.StringValue(v)
	}
	return types.SetValueMust(types.StringType, items)
}

// setVersions fills the computed version attributes from a version list.
func (m *secretModel) setVersions(list []versions.Version, storeID string) {
	planned := make([]versions.Planned, len(list))
	for i, v := range list {
		planned[i] = versions.Planned{Version: v}
	}
	m.setPlannedVersions(planned, types.StringValue(storeID))
}

// setPlannedVersions fills the computed version attributes from a version
// list, in which an instant the apply sets is unknown.
func (m *secretModel) setPlannedVersions(list []versions.Planned, storeID types.String) {
	at := func(t time.Time, atApply bool) types.String {
		if atApply {
			return types.StringUnknown()
		}
		return framework.TimeValue(t)
	}
	var current *versions.Planned
	items := make([]attr.Value, 0, len(list))
	for i, v := range list {
		if v.Current {
			current = &list[i]
		}
		attrs := framework.VersionAttributes(v.Version)
		attrs["active_from"] = at(v.ActiveFrom, v.ActiveFromAtApply)
		attrs["retired_at"] = at(v.RetiredAt, v.RetiredAtApply)
		attrs["expires_at"] = at(v.ExpiresAt, v.ExpiresAtApply)
		items = append(items, types.ObjectValueMust(framework.VersionAttrTypes, attrs))
	}
	m.Versions = types.ListValueMust(types.ObjectType{AttrTypes: framework.VersionAttrTypes}, items)
	m.Fulfilled = types.BoolValue(current != nil)
	m.CurrentVersion = types.StringNull()
	if current != nil {
		m.CurrentVersion = types.StringValue(strconv.Itoa(current.Version.Version))
	}

	bindings := []attr.Value{}
	base := m.bindingBase()
	for _, v := range list {
		if !v.Current && m.expose() != exposeVersioned {
			continue
		}
		name := base
		if !v.Current {
			name = base + "_V" + strconv.Itoa(v.Version.Version)
		}
		bindings = append(bindings, types.ObjectValueMust(bindingAttrTypes, map[string]attr.Value{
			"name":        types.StringValue(name),
			"type":        types.StringValue(bindingType),
			"store_id":    storeID,
			"secret_name": types.StringValue(v.SecretName),
			"version":     types.StringValue(strconv.Itoa(v.Version.Version)),
		}))
	}
	m.Bindings = types.ListValueMust(types.ObjectType{AttrTypes: bindingAttrTypes}, bindings)
}

var nonIdentifier = regexp.MustCompile(`[^A-Za-z0-9_]`)

// bindingBase is the Worker binding name: consume.address, or the secret's
// name in upper case.
func (m *secretModel) bindingBase() string {
	if m.Consume != nil && m.Consume.Address.ValueString() != "" {
		return m.Consume.Address.ValueString()
	}
	return strings.ToUpper(nonIdentifier.ReplaceAllString(m.name(), "_"))
}

// setUnknownVersions marks the versions as known only after apply, for a
// create, whose number depends on what the apply finds, or a declaration
// known only then.
func (m *secretModel) setUnknownVersions() {
	m.CurrentVersion = types.StringUnknown()
	m.Versions = types.ListUnknown(types.ObjectType{AttrTypes: framework.VersionAttrTypes})
	m.Bindings = types.ListUnknown(types.ObjectType{AttrTypes: bindingAttrTypes})
	m.NextRotationAt = types.StringUnknown()
	m.Fulfilled = types.BoolUnknown()
}

// retainedNames lists the store secret names of the retained versions in
// the model's versions, newest first, and whether the list is known.
func (m *secretModel) retainedNames() ([]string, bool) {
	if m.Versions.IsNull() || m.Versions.IsUnknown() {
		return nil, false
	}
	var names []string
	for _, e := range m.Versions.Elements() {
		o, ok := e.(types.Object)
		if !ok {
			return nil, false
		}
		name, isName := o.Attributes()["secret_name"].(types.String)
		current, isCurrent := o.Attributes()["current"].(types.Bool)
		if !isName || !isCurrent || name.IsUnknown() {
			return nil, false
		}
		if !current.ValueBool() {
			names = append(names, name.ValueString())
		}
	}
	return names, true
}

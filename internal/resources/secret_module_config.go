package resources

import (
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// moduleConfig is the seed's normalized SecretModuleConfig.
type moduleConfig struct {
	Kind       string            `json:"kind"`
	Name       string            `json:"name"`
	Namespace  string            `json:"namespace"`
	SecretKind string            `json:"secretKind"`
	Bytes      int               `json:"bytes,omitempty"`
	Rotation   *moduleRotation   `json:"rotation,omitempty"`
	Value      map[string]string `json:"value"`
	Consume    map[string]string `json:"consume"`
	Ownership  map[string]string `json:"ownership,omitempty"`
	Generated  *moduleGenerated  `json:"generated,omitempty"`
}

type moduleRotation struct {
	EveryDays int           `json:"everyDays,omitempty"`
	StartAt   string        `json:"startAt,omitempty"`
	Retain    *moduleRetain `json:"retain,omitempty"`
}

type moduleRetain struct {
	Mode string `json:"mode"`
	Days int    `json:"days,omitempty"`
}

type moduleGenerated struct {
	Type  string `json:"type"`
	Bytes int    `json:"bytes,omitempty"`
}

func (m *secretModel) moduleConfig() types.String {
	meta := m.toMeta(0, time.Time{}, "")
	c := moduleConfig{
		Kind:       "secret",
		Name:       meta.Name,
		Namespace:  meta.Namespace,
		SecretKind: meta.Kind,
		Bytes:      meta.Bytes,
		Value:      map[string]string{"format": meta.Format},
		Consume:    map[string]string{"expose": m.expose()},
	}
	if meta.Address != "" {
		c.Consume["address"] = meta.Address
	}
	if meta.EveryDays > 0 || meta.RetainMode != "" {
		c.Rotation = &moduleRotation{EveryDays: meta.EveryDays, StartAt: meta.StartAt}
		if meta.RetainMode != "" {
			c.Rotation.Retain = &moduleRetain{Mode: meta.RetainMode, Days: meta.RetainDays}
		}
	}
	if m.Ownership != nil {
		c.Ownership = map[string]string{}
		for k, v := range map[string]string{"ownerProduct": meta.OwnerProduct, "ownerInstanceId": meta.OwnerInstance, "purpose": meta.Purpose} {
			if v != "" {
				c.Ownership[k] = v
			}
		}
	}
	switch meta.Kind {
	case kindRandom:
		c.Generated = &moduleGenerated{Type: "random", Bytes: meta.Bytes}
	case kindGenerated:
		c.Generated = &moduleGenerated{Type: "custom", Bytes: meta.Bytes}
	}
	b, err := json.Marshal(c)
	if err != nil {
		return types.StringNull()
	}
	return types.StringValue(string(b))
}

// Terraform calls Update only when the plan differs from the state, and
// module_config is the attribute that differs when the store's comment
// must be written again while the configuration is unchanged: its
// documentation says it shows the declaration as the store's comment holds
// it. showStoredMetadata sets it, at refresh, to what the comment says
// (null when it cannot be read or is not trusted), so that the plan, which
// sets it from the configuration, shows the update that restores it.
func (m *secretModel) showStoredMetadata(stored types.String) { m.ModuleConfig = stored }

// planMetadataRewrite marks module_config known only after apply, for an
// update whose only write is the comment's holder (an import's take-over),
// which module_config does not show.
func (m *secretModel) planMetadataRewrite() { m.ModuleConfig = types.StringUnknown() }

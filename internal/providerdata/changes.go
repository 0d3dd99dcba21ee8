package providerdata

import "sync"

// Changes records, by <namespace>/<name>, the secrets whose layeron_secret
// change Terraform has planned and not yet applied in this configured
// provider. An action needs it because the protocol tells the action
// neither the event that triggered it nor the resource that did, and
// Terraform runs a before_create or before_update action after the
// resource's apply-time plan and before its apply: a write in between
// makes the apply fail, so the action must see the change in flight and
// refuse before writing. The zero value is ready to use.
type Changes struct {
	mu      sync.Mutex
	pending map[string]bool
}

// Planned records that a change to secret id has been planned.
func (c *Changes) Planned(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = map[string]bool{}
	}
	c.pending[id] = true
}

// Applied records that the change to secret id was applied, or failed:
// either way nothing of it is still to come.
func (c *Changes) Applied(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.pending, id)
}

// Pending reports whether a change to secret id is planned and not yet
// applied.
func (c *Changes) Pending(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[id]
}

package rotation

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/layeron/terraform-provider-layeron/internal/versions"
)

// QuotaError is a quota check that found no room for what a change adds.
type QuotaError struct{ msg string }

func (e *QuotaError) Error() string { return e.msg }

// CheckQuota fails when the account cannot hold need more secrets than the
// listing, naming the retention policies that hold slots.
func CheckQuota(ctx context.Context, store Store, need int, listing []versions.StoreSecret) error {
	limit, err := store.QuotaLimit(ctx)
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
	return &QuotaError{fmt.Sprintf("this change needs %d more store secret(s), but account %s already uses %d of its %d; %s. "+
		"Shorten retention (rotation.retain), delete unused secrets, or ask Cloudflare for a larger quota", need, store.AccountID(), len(listing), limit, held)}
}

package framework

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// AddStoreError reports a failed Secrets Store call made for Layeron secret
// id. The error names the account, store and store secret and says what to
// do; it never carries a value.
func AddStoreError(diags *diag.Diagnostics, summary, id string, err error) {
	diags.AddError(summary, fmt.Sprintf("Secret %s: %s.", id, strings.TrimSuffix(err.Error(), ".")))
}

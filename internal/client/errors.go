package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cloudflare/cloudflare-go/v7/secrets_store"
)

// Kinds of API failure callers act on; test with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrQuota    = errors.New("quota exceeded")
	ErrAuth     = errors.New("not authorized")
	ErrNoStore  = errors.New("no Secrets Store")
	ErrTimeout  = errors.New("timed out")
)

// APIError is a failed Secrets Store call. It names the account, store and
// secret involved and never carries a request body, so no value can leak
// through it.
type APIError struct {
	Op        string
	AccountID string
	StoreID   string
	Secret    string
	Status    int
	Codes     []int64
	Messages  []string
	kind      error
	cause     error
	// cli: the advice speaks to a user of the layeron command.
	cli bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", e.Op)
	if e.Secret != "" {
		fmt.Fprintf(&b, " secret %q", e.Secret)
	}
	if e.StoreID != "" {
		fmt.Fprintf(&b, " in store %s", e.StoreID)
	}
	fmt.Fprintf(&b, " of account %s failed", e.AccountID)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.Status)
		for i, code := range e.Codes {
			fmt.Fprintf(&b, ", code %d %q", code, e.Messages[i])
		}
	} else if e.cause != nil {
		fmt.Fprintf(&b, ": %v", e.cause)
	}
	if hint := e.hint(); hint != "" {
		b.WriteString(". ")
		b.WriteString(hint)
	}
	return b.String()
}

func (e *APIError) hint() string {
	switch {
	case errors.Is(e.kind, ErrAuth):
		return "Check that the API token is valid and has the Account Secrets Store Edit permission on this account"
	case errors.Is(e.kind, ErrQuota):
		return "The account has reached its secret quota; delete unused secrets or shorten retention policies"
	case errors.Is(e.kind, ErrNotFound) && e.cli:
		return "It may have been deleted by another process"
	case errors.Is(e.kind, ErrNotFound):
		return "It may have been deleted outside Terraform"
	case errors.Is(e.kind, ErrConflict) && e.cli:
		return "Another process may be changing the same secret; run the command again once it is done"
	case errors.Is(e.kind, ErrConflict):
		return "Another process may be changing the same secret; run plan again"
	case errors.Is(e.kind, ErrTimeout) && e.cli:
		return "See what the store holds with layeron secret versions before running the command again. If the API is slow from here, raise LAYERON_REQUEST_TIMEOUT"
	case errors.Is(e.kind, ErrTimeout):
		return "Run apply again: it reads the store first and finishes what is left. If the API is slow from here, raise request_timeout"
	}
	if e.Status == http.StatusTooManyRequests || e.Status >= 500 {
		if e.cli {
			return "The API kept failing after retries; try again later or raise LAYERON_MAX_RETRIES"
		}
		return "The API kept failing after retries; try again later or raise max_retries"
	}
	return ""
}

func (e *APIError) Unwrap() error { return e.kind }

// wrap turns an SDK error into an APIError.
func (c *Client) wrap(err error, op, storeID, secret string) error {
	if err == nil {
		return nil
	}
	e := &APIError{Op: op, AccountID: c.accountID, StoreID: storeID, Secret: secret, cause: err, cli: c.cli}
	var apiErr *secrets_store.Error
	if errors.As(err, &apiErr) {
		e.Status = apiErr.StatusCode
		for _, d := range apiErr.Errors {
			e.Codes = append(e.Codes, d.Code)
			e.Messages = append(e.Messages, d.Message)
		}
		e.kind = classify(apiErr.StatusCode, e.Messages)
	}
	if errors.Is(err, ErrTimeout) {
		e.kind = ErrTimeout
	}
	return e
}

func classify(status int, messages []string) error {
	for _, m := range messages {
		if strings.Contains(m, "quota_exceeded") {
			return ErrQuota
		}
	}
	switch status {
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusUnauthorized, http.StatusForbidden:
		return ErrAuth
	}
	return nil
}

package emulator

import (
	"encoding/json"
	"net/http"
	"strings"
)

const routeWrongMethod = "method not allowed"

type handler func(s *Server, w http.ResponseWriter, r *http.Request, p params)

type params struct {
	account, store, secret string
}

type routeEntry struct {
	name   string
	handle handler
}

// route maps a request to one of the twelve endpoints. Paths look like
// <prefix>/accounts/{account}/secrets_store/<rest>; the prefix is whatever
// base path the client was given.
func route(method, path string) (routeEntry, params) {
	var p params
	_, rest, ok := strings.Cut(path, "/accounts/")
	if !ok {
		return routeEntry{name: "unknown"}, p
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	if len(parts) < 3 || parts[1] != "secrets_store" || parts[0] == "" {
		return routeEntry{name: "unknown"}, p
	}
	p.account = parts[0]
	parts = parts[2:]
	var pattern string
	switch {
	case len(parts) == 1 && parts[0] == "quota":
		pattern = "/quota"
	case len(parts) == 1 && parts[0] == "stores":
		pattern = "/stores"
	case len(parts) == 2 && parts[0] == "stores":
		pattern, p.store = "/stores/{id}", parts[1]
	case len(parts) == 3 && parts[0] == "stores" && parts[2] == "secrets":
		pattern, p.store = "/secrets", parts[1]
	case len(parts) == 4 && parts[0] == "stores" && parts[2] == "secrets":
		pattern, p.store, p.secret = "/secrets/{id}", parts[1], parts[3]
	case len(parts) == 5 && parts[0] == "stores" && parts[2] == "secrets" && parts[4] == "duplicate":
		pattern, p.store, p.secret = "/secrets/{id}/duplicate", parts[1], parts[3]
	default:
		return routeEntry{name: "unknown"}, p
	}
	name := method + " " + pattern
	if h, ok := handlers[name]; ok {
		return routeEntry{name: name, handle: h}, p
	}
	return routeEntry{name: routeWrongMethod}, p
}

var handlers = map[string]handler{
	"GET /quota":                   (*Server).getQuota,
	"POST /stores":                 (*Server).createStore,
	"GET /stores":                  (*Server).listStores,
	"GET /stores/{id}":             (*Server).getStore,
	"DELETE /stores/{id}":          (*Server).deleteStore,
	"POST /secrets":                (*Server).createSecrets,
	"GET /secrets":                 (*Server).listSecrets,
	"DELETE /secrets":              (*Server).bulkDeleteSecrets,
	"GET /secrets/{id}":            (*Server).getSecret,
	"PATCH /secrets/{id}":          (*Server).patchSecret,
	"DELETE /secrets/{id}":         (*Server).deleteSecret,
	"POST /secrets/{id}/duplicate": (*Server).duplicateSecret,
}

// The v4 envelope.
type envelope struct {
	Success    bool        `json:"success"`
	Errors     []apiError  `json:"errors"`
	Messages   []apiError  `json:"messages"`
	Result     any         `json:"result"`
	ResultInfo *resultInfo `json:"result_info,omitempty"`
}

type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type resultInfo struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	Count      int `json:"count"`
	TotalCount int `json:"total_count"`
	TotalPages int `json:"total_pages"`
}

func writeJSON(w http.ResponseWriter, status int, e envelope) {
	if e.Errors == nil {
		e.Errors = []apiError{}
	}
	if e.Messages == nil {
		e.Messages = []apiError{}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(e)
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, envelope{Success: true, Result: result})
}

func writeError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, envelope{Success: false, Errors: []apiError{{Code: code, Message: message}}})
}

// decode reads a JSON body into dst, answering the client itself when the
// body is malformed. The body is already in memory, read and bounded by
// serveHTTP.
func decode(w http.ResponseWriter, r *http.Request, dst any) bool {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(dst); err != nil {
		writeError(w, http.StatusBadRequest, 1001, "invalid_json_body: the request body is not valid JSON of the expected shape")
		return false
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, 1001, "invalid_json_body: unexpected data after the JSON body")
		return false
	}
	return true
}

package emulator

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

var (
	secretNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	knownScopes       = map[string]bool{"workers": true, "ai_gateway": true, "dex": true, "access": true, "containers": true, "websearch": true}
)

type storeJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	AccountID string `json:"account_id"`
	Created   string `json:"created"`
	Modified  string `json:"modified"`
}

type secretJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	StoreID  string   `json:"store_id"`
	Status   string   `json:"status"`
	Comment  string   `json:"comment,omitempty"`
	Scopes   []string `json:"scopes"`
	Created  string   `json:"created"`
	Modified string   `json:"modified"`
}

func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

func (st *store) view(accountID string) storeJSON {
	return storeJSON{ID: st.ID, Name: st.Name, AccountID: accountID, Created: timestamp(st.Created), Modified: timestamp(st.Modified)}
}

func (sec *secret) view(storeID, status string) secretJSON {
	return secretJSON{ID: sec.ID, Name: sec.Name, StoreID: storeID, Status: status, Comment: sec.Comment,
		Scopes: sec.Scopes, Created: timestamp(sec.Created), Modified: timestamp(sec.Modified)}
}

func (s *Server) getQuota(w http.ResponseWriter, _ *http.Request, p params) {
	a := s.account(p.account)
	writeResult(w, map[string]any{"secrets": map[string]int{"quota": a.Quota, "usage": a.usage()}})
}

func (s *Server) createStore(w http.ResponseWriter, r *http.Request, p params) {
	var body struct {
		Name *string `json:"name"`
	}
	if !decode(w, r, &body) {
		return
	}
	if body.Name == nil || strings.TrimSpace(*body.Name) == "" {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: name is required")
		return
	}
	a := s.account(p.account)
	if len(a.Stores) > 0 {
		writeError(w, http.StatusBadRequest, 1003, "maximum_stores_exceeded")
		return
	}
	now := s.now()
	st := &store{ID: s.newID(), Name: *body.Name, Created: now, Modified: now, Secrets: map[string]*secret{}}
	a.Stores[st.ID] = st
	writeResult(w, st.view(p.account))
}

func (s *Server) listStores(w http.ResponseWriter, r *http.Request, p params) {
	a := s.account(p.account)
	var all []*store
	for _, st := range a.Stores {
		all = append(all, st)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Created.After(all[j].Created) })
	page, perPage, ok := paging(w, r)
	if !ok {
		return
	}
	items := []storeJSON{}
	for _, st := range window(all, page, perPage) {
		items = append(items, st.view(p.account))
	}
	writeJSON(w, http.StatusOK, envelope{Success: true, Result: items, ResultInfo: info(page, perPage, len(items), len(all))})
}

func (s *Server) store(w http.ResponseWriter, p params) *store {
	st, ok := s.account(p.account).Stores[p.store]
	if !ok {
		writeError(w, http.StatusNotFound, 1004, "store_not_found: no store "+p.store+" in this account")
		return nil
	}
	return st
}

func (s *Server) getStore(w http.ResponseWriter, _ *http.Request, p params) {
	if st := s.store(w, p); st != nil {
		writeResult(w, st.view(p.account))
	}
}

func (s *Server) deleteStore(w http.ResponseWriter, r *http.Request, p params) {
	st := s.store(w, p)
	if st == nil {
		return
	}
	if len(st.Secrets) > 0 && r.URL.Query().Get("force") != "true" {
		writeError(w, http.StatusConflict, 1006, "store_not_empty: delete its secrets first or pass force=true")
		return
	}
	delete(s.account(p.account).Stores, st.ID)
	writeResult(w, nil)
}

type secretInput struct {
	Name    *string   `json:"name"`
	Value   *string   `json:"value"`
	Scopes  *[]string `json:"scopes"`
	Comment *string   `json:"comment"`
}

// validate checks the fields present in in; need lists the required ones.
func validate(in secretInput, needName, needValue, needScopes bool) (string, bool) {
	switch {
	case needName && in.Name == nil:
		return "name is required", false
	case in.Name != nil && (!secretNamePattern.MatchString(*in.Name) || len(*in.Name) > maxSecretName):
		return "name may only contain alphanumeric characters, underscores, or dashes, up to 255 characters", false
	case needValue && in.Value == nil:
		return "value is required", false
	case in.Value != nil && *in.Value == "":
		return "value must not be empty", false
	case in.Value != nil && len(*in.Value) > MaxValueBytes:
		return "value is larger than 65536 bytes", false
	case needScopes && in.Scopes == nil:
		return "scopes is required", false
	case in.Scopes != nil && len(*in.Scopes) == 0:
		return "scopes must not be empty", false
	}
	if in.Scopes != nil {
		for _, sc := range *in.Scopes {
			if !knownScopes[sc] {
				return "unknown scope " + strconv.Quote(sc), false
			}
		}
	}
	return "", true
}

// sortedScopes returns scopes deduplicated and in alphabetical order, as the
// real API returns them whatever order they were sent in.
func sortedScopes(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, sc := range in {
		if !seen[sc] {
			seen[sc] = true
			out = append(out, sc)
		}
	}
	sort.Strings(out)
	return out
}

func (st *store) byName(name string) *secret {
	for _, sec := range st.Secrets {
		if sec.Name == name {
			return sec
		}
	}
	return nil
}

func (s *Server) createSecrets(w http.ResponseWriter, r *http.Request, p params) {
	st := s.store(w, p)
	if st == nil {
		return
	}
	var body []secretInput
	if !decode(w, r, &body) {
		return
	}
	if len(body) == 0 {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: at least one secret is required")
		return
	}
	names := map[string]bool{}
	for i, in := range body {
		if msg, ok := validate(in, true, true, true); !ok {
			writeError(w, http.StatusBadRequest, 1002, "validation_error: secret "+strconv.Itoa(i)+": "+msg)
			return
		}
		if names[*in.Name] || st.byName(*in.Name) != nil {
			writeError(w, http.StatusConflict, 10021, "secret_name_already_exists: "+*in.Name)
			return
		}
		names[*in.Name] = true
	}
	a := s.account(p.account)
	if a.usage()+len(body) > a.Quota {
		writeError(w, http.StatusBadRequest, 1005, "quota_exceeded: the account may hold "+strconv.Itoa(a.Quota)+" secrets")
		return
	}
	now := s.now()
	out := []secretJSON{}
	for _, in := range body {
		s.seq++
		sec := &secret{ID: s.newID(), Name: *in.Name, Scopes: sortedScopes(*in.Scopes), Created: now, Modified: now,
			Digest: s.digest(*in.Value), Size: len(*in.Value), Seq: s.seq}
		if in.Comment != nil {
			sec.Comment = *in.Comment
		}
		st.Secrets[sec.ID] = sec
		out = append(out, sec.view(st.ID, "pending"))
	}
	writeResult(w, out)
}

func (s *Server) listSecrets(w http.ResponseWriter, r *http.Request, p params) {
	st := s.store(w, p)
	if st == nil {
		return
	}
	q := r.URL.Query()
	page, perPage, ok := paging(w, r)
	if !ok {
		return
	}
	order := q.Get("order")
	if order == "" {
		order = "created"
	}
	direction := q.Get("direction")
	if direction == "" {
		direction = "desc"
	}
	if !map[string]bool{"name": true, "comment": true, "created": true, "modified": true, "status": true}[order] || (direction != "asc" && direction != "desc") {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: order must be name, comment, created, modified or status and direction asc or desc")
		return
	}
	search := strings.ToLower(q.Get("search"))
	wantScopes := q["scopes"]
	var all []*secret
	for _, sec := range st.Secrets {
		if search != "" && !strings.Contains(strings.ToLower(sec.Name), search) && !strings.Contains(strings.ToLower(sec.Comment), search) {
			continue
		}
		if !hasScopes(sec.Scopes, wantScopes) {
			continue
		}
		all = append(all, sec)
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		var less, equal bool
		switch order {
		case "name":
			less, equal = a.Name < b.Name, a.Name == b.Name
		case "comment":
			less, equal = a.Comment < b.Comment, a.Comment == b.Comment
		case "modified":
			less, equal = a.Modified.Before(b.Modified), a.Modified.Equal(b.Modified)
		default:
			less, equal = a.Created.Before(b.Created), a.Created.Equal(b.Created)
		}
		if equal {
			less = a.Seq < b.Seq
		}
		if direction == "desc" {
			return !less
		}
		return less
	})
	items := []secretJSON{}
	for _, sec := range window(all, page, perPage) {
		items = append(items, sec.view(st.ID, "active"))
	}
	writeJSON(w, http.StatusOK, envelope{Success: true, Result: items, ResultInfo: info(page, perPage, len(items), len(all))})
}

func hasScopes(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}

func paging(w http.ResponseWriter, r *http.Request) (page, perPage int, ok bool) {
	q := r.URL.Query()
	page, perPage = 1, DefaultPerPage
	var err error
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 0 {
			writeError(w, http.StatusBadRequest, 1002, "validation_error: page must be a number of at least 0")
			return 0, 0, false
		}
		page = max(page, 1)
	}
	if v := q.Get("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 0 || perPage > MaxPerPage {
			writeError(w, http.StatusBadRequest, 1002, "validation_error: per_page must be a number from 0 to 100")
			return 0, 0, false
		}
		if perPage == 0 {
			perPage = DefaultPerPage
		}
	}
	return page, perPage, true
}

// window returns the items of one page; past the end it is empty. The page
// is compared with the page count before any product is taken: a client may
// send a page near the largest int, and (page-1)*perPage would overflow.
func window[T any](all []T, page, perPage int) []T {
	if page > (len(all)+perPage-1)/perPage {
		return nil
	}
	start := (page - 1) * perPage
	return all[start:min(len(all), start+perPage)]
}

func info(page, perPage, count, total int) *resultInfo {
	return &resultInfo{Page: page, PerPage: perPage, Count: count, TotalCount: total, TotalPages: (total + perPage - 1) / perPage}
}

func (s *Server) secret(w http.ResponseWriter, p params) (*store, *secret) {
	st := s.store(w, p)
	if st == nil {
		return nil, nil
	}
	sec, ok := st.Secrets[p.secret]
	if !ok {
		writeError(w, http.StatusNotFound, 1004, "secret_not_found: no secret "+p.secret+" in store "+st.ID)
		return nil, nil
	}
	return st, sec
}

func (s *Server) getSecret(w http.ResponseWriter, _ *http.Request, p params) {
	if st, sec := s.secret(w, p); sec != nil {
		writeResult(w, sec.view(st.ID, "active"))
	}
}

func (s *Server) patchSecret(w http.ResponseWriter, r *http.Request, p params) {
	st, sec := s.secret(w, p)
	if sec == nil {
		return
	}
	var in secretInput
	if !decode(w, r, &in) {
		return
	}
	if in.Name != nil {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: name cannot be changed")
		return
	}
	if msg, ok := validate(in, false, false, false); !ok {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: "+msg)
		return
	}
	if in.Value != nil {
		sec.Digest, sec.Size = s.digest(*in.Value), len(*in.Value)
	}
	if in.Comment != nil {
		sec.Comment = *in.Comment
	}
	if in.Scopes != nil {
		sec.Scopes = sortedScopes(*in.Scopes)
	}
	sec.Modified = s.now()
	writeResult(w, sec.view(st.ID, "active"))
}

func (s *Server) deleteSecret(w http.ResponseWriter, _ *http.Request, p params) {
	if st, sec := s.secret(w, p); sec != nil {
		delete(st.Secrets, sec.ID)
		writeResult(w, nil)
	}
}

func (s *Server) bulkDeleteSecrets(w http.ResponseWriter, r *http.Request, p params) {
	st := s.store(w, p)
	if st == nil {
		return
	}
	var body struct {
		IDs []string `json:"ids"`
	}
	if !decode(w, r, &body) {
		return
	}
	if len(body.IDs) == 0 {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: ids is required")
		return
	}
	for _, id := range body.IDs {
		if _, ok := st.Secrets[id]; !ok {
			writeError(w, http.StatusNotFound, 1004, "secret_not_found: no secret "+id+" in store "+st.ID)
			return
		}
	}
	for _, id := range body.IDs {
		delete(st.Secrets, id)
	}
	writeResult(w, nil)
}

func (s *Server) duplicateSecret(w http.ResponseWriter, r *http.Request, p params) {
	st, src := s.secret(w, p)
	if src == nil {
		return
	}
	var in secretInput
	if !decode(w, r, &in) {
		return
	}
	if in.Value != nil {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: a duplicate keeps the value of its source")
		return
	}
	if msg, ok := validate(in, true, false, true); !ok {
		writeError(w, http.StatusBadRequest, 1002, "validation_error: "+msg)
		return
	}
	if st.byName(*in.Name) != nil {
		writeError(w, http.StatusConflict, 10021, "secret_name_already_exists: "+*in.Name)
		return
	}
	a := s.account(p.account)
	if a.usage()+1 > a.Quota {
		writeError(w, http.StatusBadRequest, 1005, "quota_exceeded: the account may hold "+strconv.Itoa(a.Quota)+" secrets")
		return
	}
	now := s.now()
	s.seq++
	sec := &secret{ID: s.newID(), Name: *in.Name, Scopes: sortedScopes(*in.Scopes), Created: now, Modified: now,
		Digest: src.Digest, Size: src.Size, Seq: s.seq}
	if in.Comment != nil {
		sec.Comment = *in.Comment
	}
	st.Secrets[sec.ID] = sec
	writeResult(w, sec.view(st.ID, "pending"))
}

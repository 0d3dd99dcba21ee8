package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// stateFile is what StatePath holds: accounts, stores and secrets with
// their metadata and value sizes, and nothing derived from a value. The
// digest key lives only in memory, so digests would be meaningless to the
// next process, and kept beside its key a digest lets anyone who reads the
// file test guesses of a value offline. Files of older emulators, which held
// "key" and "digest" fields, load with those fields ignored.
type stateFile struct {
	Seq      int                 `json:"seq"`
	Accounts map[string]*account `json:"accounts"`
}

func (s *Server) load() error {
	b, err := os.ReadFile(s.opts.StatePath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	// A pointer, so that a file holding null is told from an empty object.
	var st *stateFile
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("emulator state file %s: %w", s.opts.StatePath, err)
	}
	if st == nil {
		return fmt.Errorf("emulator state file %s: want a JSON object, found null", s.opts.StatePath)
	}
	if err := st.check(); err != nil {
		return fmt.Errorf("emulator state file %s: %w", s.opts.StatePath, err)
	}
	s.seq, s.accounts = st.Seq, st.Accounts
	if s.accounts == nil {
		s.accounts = map[string]*account{}
	}
	return nil
}

// check refuses what the handlers could not serve: a null or missing map
// would panic on first use, and an entry filed under another id than its
// own, or two secrets of one name, would answer inconsistently.
func (st *stateFile) check() error {
	for id, a := range st.Accounts {
		switch {
		case a == nil:
			return fmt.Errorf("account %q is null", id)
		case a.Stores == nil:
			return fmt.Errorf("account %q has no stores", id)
		case a.Quota < 0:
			return fmt.Errorf("account %q has a negative quota", id)
		}
		for storeID, store := range a.Stores {
			switch {
			case store == nil:
				return fmt.Errorf("store %q of account %q is null", storeID, id)
			case store.ID != storeID:
				return fmt.Errorf("store %q of account %q has id %q", storeID, id, store.ID)
			case store.Secrets == nil:
				return fmt.Errorf("store %q of account %q has no secrets", storeID, id)
			}
			names := map[string]bool{}
			for secretID, sec := range store.Secrets {
				if err := sec.check(secretID); err != nil {
					return fmt.Errorf("secret %q of store %q %w", secretID, storeID, err)
				}
				if names[sec.Name] {
					return fmt.Errorf("two secrets of store %q are named %q", storeID, sec.Name)
				}
				names[sec.Name] = true
			}
		}
	}
	return nil
}

// check says what is wrong with a loaded secret, as the end of a sentence.
func (sec *secret) check(id string) error {
	switch {
	case sec == nil:
		return errors.New("is null")
	case sec.ID != id:
		return fmt.Errorf("has id %q", sec.ID)
	case !secretNamePattern.MatchString(sec.Name) || len(sec.Name) > maxSecretName:
		return errors.New("has a bad name")
	case len(sec.Scopes) == 0:
		return errors.New("has no scopes")
	case sec.Size < 0 || sec.Size > MaxValueBytes:
		return errors.New("has a size out of range")
	}
	for _, sc := range sec.Scopes {
		if !knownScopes[sc] {
			return errors.New("has an unknown scope")
		}
	}
	return nil
}

// persist writes the state file; the caller holds s.mu. It writes a
// temporary file and renames it, so that a crash leaves the old state whole.
func (s *Server) persist() error {
	if s.opts.StatePath == "" {
		return nil
	}
	b, err := json.Marshal(stateFile{Seq: s.seq, Accounts: s.accounts})
	if err != nil {
		return err
	}
	tmp := s.opts.StatePath + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("cannot write the emulator state file %s: %w", s.opts.StatePath, err)
	}
	if err := os.Rename(tmp, s.opts.StatePath); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("cannot write the emulator state file %s: %w", s.opts.StatePath, err)
	}
	return nil
}

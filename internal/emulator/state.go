package emulator

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// stateFile is what StatePath holds: the digest key and digests, never values.
type stateFile struct {
	Key      string              `json:"key"`
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
	var st stateFile
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("emulator state file %s: %w", s.opts.StatePath, err)
	}
	key, err := hex.DecodeString(st.Key)
	if err != nil || len(key) != 32 {
		return fmt.Errorf("emulator state file %s has a bad key", s.opts.StatePath)
	}
	s.key, s.seq, s.accounts = key, st.Seq, st.Accounts
	if s.accounts == nil {
		s.accounts = map[string]*account{}
	}
	return nil
}

// persist writes the state file; the caller holds s.mu. It writes a
// temporary file and renames it, so that a crash leaves the old state whole.
func (s *Server) persist() error {
	if s.opts.StatePath == "" {
		return nil
	}
	b, err := json.Marshal(stateFile{Key: hex.EncodeToString(s.key), Seq: s.seq, Accounts: s.accounts})
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

package emulator

import (
	"encoding/hex"
	"encoding/json"
	"errors"
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
		return err
	}
	key, err := hex.DecodeString(st.Key)
	if err != nil || len(key) != 32 {
		return errors.New("emulator state file has a bad key")
	}
	s.key, s.seq, s.accounts = key, st.Seq, st.Accounts
	if s.accounts == nil {
		s.accounts = map[string]*account{}
	}
	return nil
}

// persist writes the state file; the caller holds s.mu.
func (s *Server) persist() {
	if s.opts.StatePath == "" {
		return
	}
	b, err := json.Marshal(stateFile{Key: hex.EncodeToString(s.key), Seq: s.seq, Accounts: s.accounts})
	if err != nil {
		return
	}
	tmp := s.opts.StatePath + ".tmp"
	if os.WriteFile(tmp, b, 0o600) == nil {
		_ = os.Rename(tmp, s.opts.StatePath)
	}
}

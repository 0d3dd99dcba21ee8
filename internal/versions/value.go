package versions

import (
	"encoding/json"
	"errors"
	"fmt"
)

// CheckValue reports why value cannot be stored in the given format.
func CheckValue(value, format string) error {
	switch {
	case value == "":
		return errors.New("must not be empty")
	case len(value) > MaxValueBytes:
		return fmt.Errorf("is %d bytes long; the Secrets Store accepts at most %d bytes (64 KiB)", len(value), MaxValueBytes)
	}
	switch format {
	case "json":
		if !json.Valid([]byte(value)) {
			return errors.New("is not valid JSON, which value_format = \"json\" requires")
		}
	case "kv":
		// null decodes into a nil map without error, yet is no object.
		var kv map[string]string
		if err := json.Unmarshal([]byte(value), &kv); err != nil || kv == nil {
			return errors.New("must be a JSON object whose values are all strings, which value_format = \"kv\" requires")
		}
	}
	return nil
}

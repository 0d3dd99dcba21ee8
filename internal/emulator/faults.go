package emulator

import (
	"net/http"
	"strconv"
	"time"
)

// Fault makes matching requests fail. It is used up after Times failures.
type Fault struct {
	// Route limits the fault to one route, such as "POST /secrets/{id}/duplicate";
	// empty matches every request.
	Route string
	// Nth skips the first Nth-1 matching requests; 0 or 1 fails the next one.
	Nth int
	// Times is how many requests fail in a row; 0 means one.
	Times int
	// Status is the HTTP status returned: 429, 500, 502, 503 and so on.
	Status int
	// RetryAfter, when set, is sent as the Retry-After header (seconds).
	RetryAfter int
	// AfterCommit performs the request before failing it, as a connection
	// dropped after the server committed a write.
	AfterCommit bool
	// Delay holds the answer back, as a slow server does. Without a Status
	// the request is then carried out as usual, even when the client has
	// given up waiting: a timed-out write may still have happened.
	Delay time.Duration

	seen int
}

// AddFault registers a fault. Faults are matched in the order added.
func (s *Server) AddFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

func (s *Server) takeFault(route string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Route != "" && f.Route != route {
			continue
		}
		f.seen++
		if f.seen < f.Nth {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

func (f *Fault) write(w http.ResponseWriter) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	switch {
	case f.Status == http.StatusTooManyRequests:
		writeError(w, f.Status, 10100, "More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed")
	case f.Status >= 500:
		writeError(w, f.Status, 10002, "Internal server error")
	default:
		writeError(w, f.Status, 10003, http.StatusText(f.Status))
	}
}

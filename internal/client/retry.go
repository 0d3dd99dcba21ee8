package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cloudflare/cloudflare-go/v7/option"
)

// retryMiddleware retries rate-limited and failed requests. It replaces the
// SDK's own retries so that a Retry-After is honoured only up to maxWait (the
// API may ask for five minutes), each attempt has its own timeout, a
// connection error or timeout on a write is never blindly repeated, and every
// attempt is logged without headers or bodies.
func retryMiddleware(maxRetries int, maxWait, timeout time.Duration, log Logger) option.Middleware {
	return func(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
		ctx := req.Context()
		for attempt := 0; ; attempt++ {
			if attempt > 0 && req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				req.Body = body
			}
			start := time.Now()
			attemptCtx, cancel := context.WithTimeout(ctx, timeout)
			res, err := next(req.WithContext(attemptCtx))
			if err != nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
				err = &timeoutError{after: timeout, method: req.Method}
			}
			fields := map[string]any{"method": req.Method, "path": req.URL.Path, "attempt": attempt + 1, "duration_ms": time.Since(start).Milliseconds()}
			if res != nil {
				fields["status"] = res.StatusCode
			}
			log.Debug(ctx, "Secrets Store request", fields)

			if attempt >= maxRetries || !retryable(req, res, err) {
				if res != nil {
					// The body is read after this returns, under the attempt's timeout.
					res.Body = cancelOnClose{ReadCloser: res.Body, cancel: cancel}
				} else {
					cancel()
				}
				return res, err
			}
			wait := retryWait(res, attempt, maxWait)
			if res != nil {
				_, _ = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
			}
			cancel()
			log.Warn(ctx, "Retrying Secrets Store request", map[string]any{"method": req.Method, "path": req.URL.Path, "wait_ms": wait.Milliseconds()})
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return nil, ctx.Err()
			case <-timer.C:
			}
		}
	}
}

func retryable(req *http.Request, res *http.Response, err error) bool {
	if err != nil {
		// The server may have committed a write before the connection broke;
		// only reads are safe to repeat blindly.
		return req.Method == http.MethodGet && req.Context().Err() == nil
	}
	return res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500
}

func retryWait(res *http.Response, attempt int, maxWait time.Duration) time.Duration {
	wait := min(500*time.Millisecond<<attempt, 8*time.Second)
	if res != nil {
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && s >= 0 {
			wait = time.Duration(s) * time.Second
		} else if t, err := http.ParseTime(res.Header.Get("Retry-After")); err == nil {
			wait = time.Until(t)
		}
	}
	return max(0, min(wait, maxWait))
}

// timeoutError is an attempt that got no answer in time.
type timeoutError struct {
	after  time.Duration
	method string
}

func (e *timeoutError) Error() string {
	if e.method == http.MethodGet {
		return fmt.Sprintf("no answer within %s", e.after)
	}
	return fmt.Sprintf("no answer within %s; the change may still have been made", e.after)
}

func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

// cancelOnClose ends an attempt's context when its body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

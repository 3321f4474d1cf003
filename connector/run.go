package connector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// fatalError marks an error that retrying cannot cure.
type fatalError struct{ err error }

func (f *fatalError) Error() string { return f.err.Error() }
func (f *fatalError) Unwrap() error { return f.err }

// Fatal marks err as one that retrying cannot cure (the sink's, the cursor
// store's, a refusal of the request), so that Retry returns it.
func Fatal(err error) error {
	if err == nil {
		return nil
	}
	return &fatalError{err}
}

// waitError asks for a wait of at least d before the next try.
type waitError struct {
	err error
	d   time.Duration
}

func (w *waitError) Error() string { return w.err.Error() }
func (w *waitError) Unwrap() error { return w.err }

// After marks err as asking for a wait of at least d before the next try
// (a Retry-After answer).
func After(err error, d time.Duration) error {
	if err == nil || d <= 0 {
		return err
	}
	return &waitError{err, d}
}

// Retry runs attempt until ctx is done, again after every failure,
// backing off between tries; between runs after each failure (a
// checkpoint). attempt says whether it made progress before it failed:
// the backoff then starts again from its shortest wait. Retry returns
// ctx's error, or the first error marked Fatal, or between's error.
func Retry(ctx context.Context, t *Tracker, b Backoff, attempt func(context.Context) (progress bool, err error), between func(context.Context) error) error {
	failures := 0
	for {
		progress, err := attempt(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var f *fatalError
		if errors.As(err, &f) {
			return f.err
		}
		if err == nil {
			err = errors.New("stream ended")
		}
		t.Error(err)
		if err := between(ctx); err != nil {
			return err
		}
		if progress {
			failures = 0
		}
		failures++
		d := b.Delay(failures)
		var w *waitError
		if errors.As(err, &w) {
			d = max(d, w.d)
		}
		t.Waiting(t.Now().Add(d))
		if err := Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// maxRetryAfter caps what a server's Retry-After may ask.
const maxRetryAfter = time.Hour

// StatusError returns the error for an HTTP answer that is not a success:
// Fatal when retrying will not help (a 4xx other than 408 and 429), with
// the wait a Retry-After asks for otherwise. what says what was asked.
func StatusError(what string, resp *http.Response) error {
	err := fmt.Errorf("%s: %s", what, resp.Status)
	code := resp.StatusCode
	if code >= 400 && code < 500 && code != http.StatusRequestTimeout && code != http.StatusTooManyRequests {
		return Fatal(err)
	}
	if s, perr := strconv.Atoi(resp.Header.Get("Retry-After")); perr == nil && s > 0 {
		return After(err, min(time.Duration(s)*time.Second, maxRetryAfter))
	}
	return err
}

// DefaultClient returns the HTTP client a connector uses when given none:
// the standard transport without the proxy of the environment, since only
// the command reads the environment (it may pass a client that uses
// http.ProxyFromEnvironment).
func DefaultClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	return &http.Client{Transport: t}
}

// Package server is Scrutineer's HTTP service: the shared middleware
// (request ids, logging, recovery, metrics), health and readiness, and the
// surfaces mounted beside them (the JSON API, the web interface).
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/scrutineer/scrutineer"
)

// Check is one readiness check: nil when the part it checks can serve.
type Check struct {
	Name  string
	Check func(ctx context.Context) error
}

// Config is what a Server is made of.
type Config struct {
	Logger *slog.Logger
	// Ready lists what /readyz checks (the store, the stream).
	Ready []Check
	// Mount adds the surfaces (API, UI) to the mux.
	Mount func(mux *http.ServeMux)
	// Registry collects the metrics served at /metrics; nil makes one.
	Registry *prometheus.Registry
}

// Server serves HTTP.
type Server struct {
	cfg      Config
	log      *slog.Logger
	handler  http.Handler
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	draining atomic.Bool
}

// New returns a server.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, log: cfg.Logger, registry: cfg.Registry}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.registry == nil {
		s.registry = prometheus.NewRegistry()
		s.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "scrutineer_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
	}, []string{"route", "method", "code"})
	s.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "scrutineer_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route"})
	s.registry.MustRegister(s.requests, s.duration)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{Registry: s.registry}))
	if cfg.Mount != nil {
		cfg.Mount(mux)
	}
	// Cross-site requests that change something are refused (CSRF), by
	// the browser's Sec-Fetch-Site and Origin headers; clients that send
	// neither (scripts with API tokens) are not browsers and pass.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, r, scrutineer.Errorf(scrutineer.EForbidden, "cross-site request refused"))
	}))
	s.handler = s.middleware(cop.Handler(mux))
	return s
}

// Registry is where other parts register their metrics.
func (s *Server) Registry() *prometheus.Registry { return s.registry }

// Handler is the server's whole HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on l until ctx ends, then stops taking requests, lets those
// in flight finish (up to grace), and returns nil.
func (s *Server) Serve(ctx context.Context, l net.Listener, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Readiness fails first, so that a load balancer stops sending.
	s.draining.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz runs every check, each with a short deadline, and answers 503
// naming those that failed.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	status := map[string]string{}
	ok := !s.draining.Load()
	if !ok {
		status["server"] = "shutting down"
	}
	for _, c := range s.cfg.Ready {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		err := c.Check(ctx)
		cancel()
		if err != nil {
			ok = false
			status[c.Name] = err.Error()
		} else {
			status[c.Name] = "ok"
		}
	}
	code := http.StatusOK
	if !ok {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, status)
}

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID is the id of the request ctx belongs to ("" outside one).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware gives every request an id (echoed in X-Request-Id), logs it,
// counts it, and turns a panic into a 500 that names the id and shows
// nothing of the cause.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", id, "method", r.Method, "path", r.URL.Path,
					"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.code == 0 {
					WriteError(sw, r, scrutineer.Errorf(scrutineer.EInternal, "internal error"))
				}
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			d := time.Since(start)
			s.requests.WithLabelValues(route, r.Method, strconv.Itoa(code)).Inc()
			s.duration.WithLabelValues(route).Observe(d.Seconds())
			s.log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", code, "duration_ms", float64(d.Microseconds())/1000)
		}()
		next.ServeHTTP(sw, r)
	})
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ErrorBody is the body of every error answer.
type ErrorBody struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// Status maps an error code to its HTTP status.
func Status(code string) int {
	switch code {
	case scrutineer.EInvalid:
		return http.StatusBadRequest
	case scrutineer.EUnauthorized:
		return http.StatusUnauthorized
	case scrutineer.EForbidden:
		return http.StatusForbidden
	case scrutineer.ENotFound:
		return http.StatusNotFound
	case scrutineer.EConflict:
		return http.StatusConflict
	case scrutineer.ETooMany:
		return http.StatusTooManyRequests
	case scrutineer.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// WriteError answers with err as an ErrorBody: its code and message when it
// is a *scrutineer.Error, "internal error" otherwise.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	code := scrutineer.ErrorCode(err)
	writeJSON(w, Status(code), ErrorBody{Code: code, Message: scrutineer.ErrorMessage(err), RequestID: RequestID(r.Context())})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do then
}

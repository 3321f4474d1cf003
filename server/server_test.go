package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHealthAndReadiness(t *testing.T) {
	var storeErr error
	s := New(Config{Ready: []Check{{Name: "store", Check: func(context.Context) error { return storeErr }}}})
	for _, tc := range []struct {
		path  string
		fail  error
		code  int
		field string
		want  string
	}{
		{"/healthz", nil, 200, "status", "ok"},
		{"/readyz", nil, 200, "store", "ok"},
		{"/readyz", errors.New("database is locked"), 503, "store", "database is locked"},
		{"/healthz", errors.New("database is locked"), 200, "status", "ok"}, // alive though not ready
	} {
		storeErr = tc.fail
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		var body map[string]string
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("%s: %v: %s", tc.path, err, rec.Body)
		}
		if rec.Code != tc.code || body[tc.field] != tc.want {
			t.Errorf("%s with %v: %d %v, want %d with %s=%q", tc.path, tc.fail, rec.Code, body, tc.code, tc.field, tc.want)
		}
		if rec.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s: no request id", tc.path)
		}
	}
}

func TestPanicIsA500WithTheRequestID(t *testing.T) {
	s := New(Config{Mount: func(mux *http.ServeMux) {
		mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("secret detail") })
	}})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	var body ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 500 || body.Code != "internal" || body.RequestID != rec.Header().Get("X-Request-Id") ||
		strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

func TestMetricsCountRequests(t *testing.T) {
	s := New(Config{})
	for range 3 {
		s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `scrutineer_http_requests_total{code="200",method="GET",route="GET /healthz"} 3`) ||
		!strings.Contains(rec.Body.String(), "go_goroutines") {
		t.Errorf("metrics:\n%s", rec.Body)
	}
}

// A request in flight when the server is told to stop is answered, and
// Serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	s := New(Config{Mount: func(mux *http.ServeMux) {
		mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-release
			io.WriteString(w, "finished")
		})
	}})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, l, 10*time.Second) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + l.Addr().String() + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	stop()
	// Readiness fails while draining.
	rec := httptest.NewRecorder()
	for !s.draining.Load() {
		time.Sleep(time.Millisecond)
	}
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 503 {
		t.Errorf("readyz while draining: %d", rec.Code)
	}
	close(release)
	if body := <-got; body != "finished" {
		t.Errorf("in-flight request got %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

func TestCrossSiteChangesAreRefused(t *testing.T) {
	s := New(Config{Mount: func(mux *http.ServeMux) {
		mux.HandleFunc("POST /change", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "changed") })
	}})
	for _, tc := range []struct {
		site string
		code int
	}{{"cross-site", 403}, {"same-origin", 200}, {"", 200}} {
		req := httptest.NewRequest("POST", "/change", nil)
		if tc.site != "" {
			req.Header.Set("Sec-Fetch-Site", tc.site)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != tc.code {
			t.Errorf("Sec-Fetch-Site %q: %d, want %d", tc.site, rec.Code, tc.code)
		}
	}
}

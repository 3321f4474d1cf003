package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer that a running command writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `scrutineer serve args...` in-process and returns its
// base URL and a function that stops it and returns its exit code.
func startServe(t *testing.T, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &env{ctx: ctx, stdout: &out, stderr: &errOut})
	}()
	addr := regexp.MustCompile(`serving on (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			return m[1], func() int { cancel(); return <-done }
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before serving:\n%s", code, errOut.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start:\n%s", errOut.String())
		}
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeStartsAndStopsCleanly(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	base, stop := startServe(t, "--data", data, "--log-json")
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, body := get(t, base+path); code != 200 {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d after the stop signal", code)
	}
	if _, err := os.Stat(filepath.Join(data, "scrutineer.db")); err != nil {
		t.Errorf("no store in the data directory: %v", err)
	}
}

func TestServeConfigErrorsNameTheSetting(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "db-url")
	os.WriteFile(secret, []byte("mysql://root:hunter2@db/x\n"), 0o600)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "nonsense"}, "--addr (SCRUTINEER_ADDR)"},
		{[]string{"--db", "mysql://root:hunter2@db/x"}, "--db (SCRUTINEER_DB): not a postgres"},
		{[]string{"--db-file", secret}, "--db (SCRUTINEER_DB): not a postgres"},
		{[]string{"--db-file", filepath.Join(dir, "missing")}, "--db-file (SCRUTINEER_DB_FILE)"},
		{[]string{"--data", filepath.Join(file, "sub")}, "--data (SCRUTINEER_DATA)"},
		{[]string{"--log-level", "loud"}, "--log-level"},
		{[]string{"--grace=-1s"}, "--grace (SCRUTINEER_SHUTDOWN_GRACE)"},
	} {
		var out, errOut bytes.Buffer
		code := run(append([]string{"serve", "--data", filepath.Join(dir, "d")}, tc.args...), &env{stdout: &out, stderr: &errOut})
		if code == 0 || !strings.Contains(errOut.String(), tc.want) || strings.Contains(errOut.String(), "hunter2") {
			t.Errorf("%v: exit %d, %s; want an error naming %s, without the password", tc.args, code, errOut.String(), tc.want)
		}
	}
}

func TestServeReadsTheEnvironment(t *testing.T) {
	t.Setenv("SCRUTINEER_ADDR", "not an address")
	var out, errOut bytes.Buffer
	if code := run([]string{"serve", "--data", t.TempDir()}, &env{stdout: &out, stderr: &errOut}); code == 0 ||
		!strings.Contains(errOut.String(), "SCRUTINEER_ADDR") {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}

package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/auth"
	"github.com/scrutineer/scrutineer/jobs"
	"github.com/scrutineer/scrutineer/server"
	"github.com/scrutineer/scrutineer/server/api"
	"github.com/scrutineer/scrutineer/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fast keeps password hashing quick in tests; what is checked is the same.
var fast = auth.Params{Memory: 64, Time: 1, Threads: 1}

const password = "correct horse battery"

// fixture is a running API over a real SQLite store, with one user of
// each role and an API token for each.
type fixture struct {
	t      *testing.T
	db     *sqlite.DB
	api    *api.API
	srv    *httptest.Server
	users  map[scrutineer.Role]*scrutineer.User
	tokens map[scrutineer.Role]string
	now    time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{t: t, db: db, users: map[scrutineer.Role]*scrutineer.User{}, tokens: map[scrutineer.Role]string{},
		now: time.Date(2026, 10, 19, 9, 0, 0, 0, time.UTC)}
	org := &scrutineer.Organisation{Name: "Rapid Response Unit", Kind: scrutineer.OrgGovernment, Created: f.now}
	if err := db.CreateOrganisation(ctx, org); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(password, fast)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range scrutineer.Roles() {
		u := &scrutineer.User{OrgID: org.ID, Email: string(r) + "@example.org", Name: "The " + string(r), Role: r,
			Lang: "en", PasswordHash: hash, Created: f.now}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		secret, th, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateToken(ctx, &scrutineer.Token{UserID: u.ID, Name: "test", Hash: th, Created: f.now}); err != nil {
			t.Fatal(err)
		}
		f.users[r], f.tokens[r] = u, secret
	}
	runner, err := jobs.NewRunner(db, t.TempDir(), nil, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	runner.Every = 10 * time.Millisecond
	ctx, stop := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- runner.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-stopped; err != nil {
			t.Errorf("jobs: %v", err)
		}
	})
	sessions := scs.New()
	sessions.Store = db.Sessions()
	sessions.Cookie.Name = "scrutineer_session"
	srv := server.New(server.Config{Mount: func(mux *http.ServeMux) {
		f.api = api.New(mux, api.Deps{Store: db, Uploads: runner, Sessions: sessions, Throttle: auth.NewThrottle(5, 15*time.Minute),
			Password: fast, Version: "test"})
	}})
	f.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

type answer struct {
	code int
	body []byte
	hdr  http.Header
}

// do sends a request as role ("" for nobody) through client (nil for a
// fresh one).
func (f *fixture) do(client *http.Client, role scrutineer.Role, method, path string, body any) answer {
	f.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, f.srv.URL+api.Prefix+path, r)
	if err != nil {
		f.t.Fatal(err)
	}
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	if client == nil {
		client = f.srv.Client()
	}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, b, resp.Header}
}

func (a answer) errorBody(t *testing.T) api.Error {
	t.Helper()
	var e api.Error
	if err := json.Unmarshal(a.body, &e); err != nil {
		t.Fatalf("error body %s: %v", a.body, err)
	}
	return e
}

// TestEveryEndpointEveryRole calls every operation in the OpenAPI document
// as nobody and as each role: below the documented least role the answer
// is 401 (nobody) or 403; at or above it, never either. The operations
// come from the document, so a new endpoint cannot escape the table.
func TestEveryEndpointEveryRole(t *testing.T) {
	f := newFixture(t)
	callers := append([]scrutineer.Role{""}, scrutineer.Roles()...)
	n := 0
	for path, item := range f.api.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PATCH": item.Patch, "DELETE": item.Delete, "PUT": item.Put} {
			if op == nil {
				continue
			}
			least, _ := op.Metadata["role"].(scrutineer.Role)
			if !strings.Contains(op.Description, "Least role: "+string(least)) && least != "" {
				t.Errorf("%s %s: the description does not document its least role %s", method, path, least)
			}
			concrete := strings.NewReplacer("{id}", "999999").Replace(path)
			for _, who := range callers {
				if path == "/auth/logout" && who != "" {
					continue // would end the caller's session: tested on its own
				}
				n++
				a := f.do(nil, who, method, concrete, "{}")
				var want []int
				switch {
				case least == "":
				case who == "":
					want = []int{401}
				case !who.AtLeast(least):
					want = []int{403}
				}
				denied := a.code == 401 || a.code == 403
				if want != nil && !slices.Contains(want, a.code) {
					t.Errorf("%s %s as %q: %d %s, want %v", method, path, who, a.code, a.body, want)
				}
				if want == nil && denied && path != "/auth/login" && path != "/me/password" {
					t.Errorf("%s %s as %q: %d %s, want it allowed", method, path, who, a.code, a.body)
				}
				if a.code >= 400 {
					if e := a.errorBody(t); e.Code == "" || e.RequestID == "" || e.RequestID != a.hdr.Get("X-Request-Id") {
						t.Errorf("%s %s as %q: error body %s lacks a code or the request id", method, path, who, a.body)
					}
				}
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d calls made: the operations were not found", n)
	}
}

func TestSignInWithSessionCookie(t *testing.T) {
	f := newFixture(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if a := f.do(c, "", "GET", "/me", nil); a.code != 401 {
		t.Fatalf("/me before sign-in: %d", a.code)
	}
	if a := f.do(c, "", "POST", "/auth/login", map[string]string{"email": "analyst@example.org", "password": "wrong password!"}); a.code != 401 ||
		a.errorBody(t).Message != "wrong email or password" {
		t.Errorf("wrong password: %d %s", a.code, a.body)
	}
	if a := f.do(c, "", "POST", "/auth/login", map[string]string{"email": "nobody@example.org", "password": password}); a.code != 401 ||
		a.errorBody(t).Message != "wrong email or password" {
		t.Errorf("unknown email: %d %s (must answer as a wrong password)", a.code, a.body)
	}
	a := f.do(c, "", "POST", "/auth/login", map[string]string{"email": "Analyst@Example.org ", "password": password})
	if a.code != 204 {
		t.Fatalf("sign-in: %d %s", a.code, a.body)
	}
	cookie := a.hdr.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("cookie %q lacks %s", cookie, attr)
		}
	}
	me := f.do(c, "", "GET", "/me", nil)
	var u scrutineer.User
	json.Unmarshal(me.body, &u)
	if me.code != 200 || u.Email != "analyst@example.org" || strings.Contains(string(me.body), "argon2") {
		t.Errorf("/me: %d %s", me.code, me.body)
	}
	if a := f.do(c, "", "POST", "/auth/logout", nil); a.code != 204 {
		t.Errorf("sign-out: %d %s", a.code, a.body)
	}
	if a := f.do(c, "", "GET", "/me", nil); a.code != 401 {
		t.Errorf("/me after sign-out: %d", a.code)
	}
}

func TestSignInIsThrottled(t *testing.T) {
	f := newFixture(t)
	for i := range 5 {
		if a := f.do(nil, "", "POST", "/auth/login", map[string]string{"email": "lead@example.org", "password": "not the password"}); a.code != 401 {
			t.Fatalf("attempt %d: %d", i, a.code)
		}
	}
	// Even the right password is refused now.
	a := f.do(nil, "", "POST", "/auth/login", map[string]string{"email": "lead@example.org", "password": password})
	if a.code != 429 || !strings.Contains(a.errorBody(t).Message, "try again in") {
		t.Errorf("after 5 failures: %d %s", a.code, a.body)
	}
}

func TestTokens(t *testing.T) {
	f := newFixture(t)
	a := f.do(nil, scrutineer.RoleViewer, "POST", "/tokens", map[string]any{"name": "notebook", "expires_days": 30})
	var made struct {
		ID     int64  `json:"id"`
		Secret string `json:"secret"`
	}
	json.Unmarshal(a.body, &made)
	if a.code != 201 || !auth.LooksLikeToken(made.Secret) {
		t.Fatalf("create: %d %s", a.code, a.body)
	}
	list := f.do(nil, scrutineer.RoleViewer, "GET", "/tokens", nil)
	if list.code != 200 || strings.Contains(string(list.body), made.Secret) || !strings.Contains(string(list.body), "notebook") {
		t.Errorf("list: %d %s", list.code, list.body)
	}
	f.tokens["mine"] = made.Secret
	if a := f.do(nil, "mine", "GET", "/me", nil); a.code != 200 {
		t.Errorf("the new token: %d", a.code)
	}
	// Another user cannot revoke it.
	if a := f.do(nil, scrutineer.RoleAdmin, "DELETE", fmt.Sprintf("/tokens/%d", made.ID), nil); a.code != 404 {
		t.Errorf("revoked by another: %d", a.code)
	}
	if a := f.do(nil, scrutineer.RoleViewer, "DELETE", fmt.Sprintf("/tokens/%d", made.ID), nil); a.code != 204 {
		t.Errorf("revoke: %d %s", a.code, a.body)
	}
	if a := f.do(nil, "mine", "GET", "/me", nil); a.code != 401 {
		t.Errorf("a revoked token: %d", a.code)
	}
	for _, bad := range []string{"Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer scr_" + strings.Repeat("A", 43)} {
		req, _ := http.NewRequest("GET", f.srv.URL+api.Prefix+"/me", nil)
		req.Header.Set("Authorization", bad)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("%q: %d", bad, resp.StatusCode)
		}
	}
}

// TestBadInputChangesNothing sends malformed, mistyped, unknown, huge and
// hostile input: each answer is a 4xx with a code and the request id, and
// the store is as it was.
func TestBadInputChangesNothing(t *testing.T) {
	f := newFixture(t)
	users := func() int {
		us, err := f.db.FindUsers(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(us)
	}
	before := users()
	huge := `{"org_id":1,"email":"x@example.org","name":"` + strings.Repeat("a", 2<<20) + `","role":"viewer"}`
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"malformed JSON", "POST", "/users", `{"org_id": 1, "email":`},
		{"wrong type", "POST", "/users", `{"org_id": "one", "email": "x@example.org", "name": "X", "role": "viewer"}`},
		{"unknown field", "POST", "/users", `{"org_id": 1, "email": "x@example.org", "name": "X", "role": "viewer", "is_admin": true}`},
		{"unknown role", "POST", "/users", `{"org_id": 1, "email": "x@example.org", "name": "X", "role": "root"}`},
		{"bad email", "POST", "/users", `{"org_id": 1, "email": "not an email", "name": "X", "role": "viewer"}`},
		{"no such organisation", "POST", "/users", `{"org_id": 424242, "email": "x@example.org", "name": "X", "role": "viewer"}`},
		{"duplicate email", "POST", "/users", `{"org_id": 1, "email": "lead@example.org", "name": "X", "role": "viewer"}`},
		{"weak password", "POST", "/users", `{"org_id": 1, "email": "x@example.org", "name": "X", "role": "viewer", "password": "short"}`},
		{"huge body", "POST", "/users", huge},
		{"not JSON at all", "POST", "/organisations", "\x00\xff\xfe"},
		{"invalid cursor", "GET", "/posts?cursor=not-a-cursor", nil},
		{"tampered cursor", "GET", "/jobs?cursor=eyJ0IjoxfQ", nil},
		{"limit too big", "GET", "/posts?limit=100000", nil},
		{"bad time", "GET", "/posts?since=yesterday", nil},
		{"bad platform", "GET", "/posts?platform=myspace", nil},
		{"unknown post", "GET", "/posts/lookup?platform=x&id=1", nil},
		{"id not a number", "GET", "/jobs/abc", nil},
		{"self demotion", "PATCH", fmt.Sprintf("/users/%d", f.users[scrutineer.RoleAdmin].ID), `{"role": "viewer"}`},
	} {
		a := f.do(nil, scrutineer.RoleAdmin, tc.method, tc.path, tc.body)
		if a.code < 400 || a.code >= 500 {
			t.Errorf("%s: %d %.300s", tc.name, a.code, a.body)
			continue
		}
		if e := a.errorBody(t); e.Code == "" || e.Message == "" || e.RequestID == "" {
			t.Errorf("%s: error body %.300s", tc.name, a.body)
		}
	}
	if after := users(); after != before {
		t.Errorf("%d users before, %d after", before, after)
	}
}

func TestChangesAreAudited(t *testing.T) {
	f := newFixture(t)
	a := f.do(nil, scrutineer.RoleAdmin, "POST", "/users", map[string]any{"org_id": 1, "email": "new@example.org", "name": "New", "role": "analyst"})
	if a.code != 201 {
		t.Fatalf("create: %d %s", a.code, a.body)
	}
	var made struct {
		ID       int64  `json:"id"`
		Password string `json:"password"`
	}
	json.Unmarshal(a.body, &made)
	if len(made.Password) < auth.MinPassword {
		t.Errorf("no one-time password in %s", a.body)
	}
	es, err := f.db.FindAudit(context.Background(), scrutineer.AuditFilter{Object: fmt.Sprintf("user:%d", made.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != "user.create" || es[0].ActorID != f.users[scrutineer.RoleAdmin].ID ||
		es[0].RequestID != a.hdr.Get("X-Request-Id") || strings.Contains(string(es[0].After), "argon2") {
		t.Errorf("audit of the creation: %+v", es)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Get(f.srv.URL + api.Prefix + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	if err := json.Unmarshal(got, &doc); err != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("%d: not an OpenAPI 3.1 document: %v", resp.StatusCode, err)
	}
	var pretty bytes.Buffer
	json.Indent(&pretty, got, "", "  ")
	pretty.WriteByte('\n')
	golden := filepath.Join("testdata", "openapi.json")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("the OpenAPI document changed; if meant, run go test ./server/api -run OpenAPI -update and review the diff")
	}
}

// TestUploadToSearch uploads a file of X posts, watches its job finish,
// then finds its posts by full-text search and reads one (which is logged).
func TestUploadToSearch(t *testing.T) {
	f := newFixture(t)
	data, err := os.ReadFile("../../source/x/testdata/v2_search.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if a := f.do(nil, scrutineer.RoleViewer, "POST", "/uploads?name=search.jsonl", data); a.code != 403 {
		t.Errorf("a viewer uploads: %d", a.code)
	}
	req, _ := http.NewRequest("POST", f.srv.URL+api.Prefix+"/uploads?name=search.jsonl", bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+f.tokens[scrutineer.RoleAnalyst])
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var j scrutineer.Job
	json.NewDecoder(resp.Body).Decode(&j)
	resp.Body.Close()
	if resp.StatusCode != 202 || j.ID == 0 || resp.Header.Get("Location") != fmt.Sprintf("%s/jobs/%d", api.Prefix, j.ID) {
		t.Fatalf("upload: %d %+v", resp.StatusCode, j)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !j.State.Finished() {
		if time.Now().After(deadline) {
			t.Fatalf("job still %s", j.State)
		}
		time.Sleep(10 * time.Millisecond)
		a := f.do(nil, scrutineer.RoleViewer, "GET", fmt.Sprintf("/jobs/%d", j.ID), nil)
		json.Unmarshal(a.body, &j)
	}
	if j.State != scrutineer.JobDone || j.New == 0 {
		t.Fatalf("job: %+v", j)
	}
	var page struct {
		Items []scrutineer.Post `json:"items"`
	}
	a := f.do(nil, scrutineer.RoleViewer, "GET", "/posts?platform=x&limit=1000", nil)
	json.Unmarshal(a.body, &page)
	if a.code != 200 || len(page.Items) == 0 {
		t.Fatalf("posts: %d %.300s", a.code, a.body)
	}
	p := page.Items[0]
	words := strings.Fields(p.Text)
	if len(words) == 0 {
		t.Fatalf("post without text: %+v", p)
	}
	q := f.do(nil, scrutineer.RoleViewer, "GET", "/posts?q="+url.QueryEscape(strings.Trim(words[0], "#@.,!?")), nil)
	if q.code != 200 || !strings.Contains(string(q.body), p.ID) {
		t.Errorf("search for %q: %d %.300s", words[0], q.code, q.body)
	}
	one := f.do(nil, scrutineer.RoleViewer, "GET", "/posts/lookup?platform=x&id="+url.QueryEscape(p.ID), nil)
	if one.code != 200 || !strings.Contains(string(one.body), `"raw"`) {
		t.Errorf("lookup: %d %.300s", one.code, one.body)
	}
	es, err := f.db.FindAudit(context.Background(), scrutineer.AuditFilter{Object: "post:x:" + p.ID})
	if err != nil || len(es) != 1 || es[0].Action != "post.read" || es[0].ActorID != f.users[scrutineer.RoleViewer].ID {
		t.Errorf("the read was not logged: %+v %v", es, err)
	}
}

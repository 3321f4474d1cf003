// Package api is the JSON API under /api/v1, described by an OpenAPI 3.1
// document at /api/v1/openapi.json. Every operation declares the least
// role that may call it; one middleware authenticates (an API token, or a
// session cookie) and enforces it, so that no handler can forget.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/auth"
	"github.com/scrutineer/scrutineer/server"
)

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// Store is what the API needs of the store.
type Store interface {
	scrutineer.PostService
	scrutineer.AccountService
	scrutineer.UserService
	scrutineer.AuditService
	scrutineer.JobService
}

// Deps are the API's parts.
type Deps struct {
	Store    Store
	Uploads  Uploads // nil: no uploads
	Sessions *scs.SessionManager
	// Throttle limits failed sign-ins per email and per client address.
	Throttle *auth.Throttle
	// Password are the argon2id costs for new hashes.
	Password auth.Params
	Now      func() time.Time
	Version  string
	Logger   *slog.Logger
}

// API is the mounted API.
type API struct {
	deps Deps
	huma huma.API
}

// public marks operations that need no sign-in.
const public scrutineer.Role = ""

// New builds the API and mounts it on mux.
func New(mux *http.ServeMux, deps Deps) *API {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Logger == nil {
		deps.Logger = slog.New(slog.DiscardHandler)
	}
	cfg := huma.DefaultConfig("Scrutineer API", deps.Version)
	cfg.Info.Description = "Election-integrity operations: records, findings, people and jobs."
	cfg.DocsPath = ""     // the document is for tools; the web interface is for people
	cfg.CreateHooks = nil // no $schema links in bodies: answers stay plain
	cfg.Servers = []*huma.Server{{URL: Prefix}}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"token":   {Type: "http", Scheme: "bearer", Description: "An API token (scr_...), made under /tokens."},
		"session": {Type: "apiKey", In: "cookie", Name: "scrutineer_session", Description: "The session cookie set by /auth/login."},
	}
	// A Count is a number, or absent when unknown.
	cfg.Components.Schemas.RegisterTypeAlias(reflect.TypeFor[scrutineer.Count](), reflect.TypeFor[int64]())
	a := &API{deps: deps}
	sub := http.NewServeMux()
	a.huma = humago.NewWithPrefix(sub, Prefix, cfg)
	a.huma.UseMiddleware(a.authenticate)
	a.routes()
	var h http.Handler = sub
	if deps.Sessions != nil {
		h = deps.Sessions.LoadAndSave(h)
	}
	mux.Handle(Prefix+"/", h)
	return a
}

// OpenAPI is the API's description.
func (a *API) OpenAPI() *huma.OpenAPI { return a.huma.OpenAPI() }

// register adds an operation that role (or better) may call.
func register[I, O any](a *API, role scrutineer.Role, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata["role"] = role
	if role != public {
		op.Security = []map[string][]string{{"token": {}}, {"session": {}}}
		op.Description = strings.TrimSpace(op.Description + "\n\nLeast role: " + string(role) + ".")
	}
	op.Errors = append(op.Errors, http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden)
	huma.Register(a.huma, op, h)
}

type ctxKey int

const (
	userKey ctxKey = iota
	addrKey
)

// clientAddr is the address the request came from, without its port.
// Behind a proxy it is the proxy's: trusting X-Forwarded-For is left to a
// configuration that names the proxy.
func clientAddr(ctx context.Context) string {
	addr, _ := ctx.Value(addrKey).(string)
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// caller is who makes a request, and how.
type caller struct {
	user  *scrutineer.User
	token *scrutineer.Token // nil for a session
}

func callerOf(ctx context.Context) *caller {
	c, _ := ctx.Value(userKey).(*caller)
	return c
}

// userOf is the signed-in user; operations past authenticate have one.
func userOf(ctx context.Context) *scrutineer.User {
	if c := callerOf(ctx); c != nil {
		return c.user
	}
	return nil
}

// authenticate finds the caller and checks the operation's role. A token
// that is malformed, unknown or expired is refused outright rather than
// treated as no credentials, so that a client learns its token is bad.
func (a *API) authenticate(hctx huma.Context, next func(huma.Context)) {
	role, _ := hctx.Operation().Metadata["role"].(scrutineer.Role)
	hctx = huma.WithValue(hctx, addrKey, hctx.RemoteAddr())
	ctx := hctx.Context()
	c, err := a.caller(ctx, hctx)
	if err != nil {
		a.writeErr(hctx, err)
		return
	}
	if c != nil {
		hctx = huma.WithValue(hctx, userKey, c)
	}
	switch {
	case role == public:
	case c == nil:
		a.writeErr(hctx, scrutineer.Errorf(scrutineer.EUnauthorized, "sign in, or give an API token"))
		return
	case !c.user.Role.AtLeast(role):
		a.writeErr(hctx, scrutineer.Errorf(scrutineer.EForbidden, "this needs the %s role or higher; you are %s", role, c.user.Role))
		return
	}
	next(hctx)
}

func (a *API) caller(ctx context.Context, hctx huma.Context) (*caller, error) {
	if h := hctx.Header("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || !auth.LooksLikeToken(secret) {
			return nil, scrutineer.Errorf(scrutineer.EUnauthorized, "the Authorization header is not a Scrutineer API token")
		}
		t, err := a.deps.Store.FindTokenByHash(ctx, auth.HashToken(secret))
		if scrutineer.ErrorCode(err) == scrutineer.ENotFound {
			return nil, scrutineer.Errorf(scrutineer.EUnauthorized, "unknown API token")
		} else if err != nil {
			return nil, err
		}
		now := a.deps.Now()
		if t.Expires != nil && !now.Before(*t.Expires) {
			return nil, scrutineer.Errorf(scrutineer.EUnauthorized, "the API token has expired")
		}
		u, err := a.activeUser(ctx, t.UserID)
		if err != nil {
			return nil, err
		}
		// Last use is kept to the minute: a write per request would make
		// every read a write.
		if t.LastUsed == nil || now.Sub(*t.LastUsed) > time.Minute {
			if err := a.deps.Store.TouchToken(ctx, t.ID, now); err != nil {
				return nil, err
			}
		}
		return &caller{user: u, token: t}, nil
	}
	if a.deps.Sessions == nil {
		return nil, nil
	}
	id := a.deps.Sessions.GetInt64(ctx, "user_id")
	if id == 0 {
		return nil, nil
	}
	u, err := a.activeUser(ctx, id)
	if scrutineer.ErrorCode(err) == scrutineer.EUnauthorized {
		// The user was removed or disabled since signing in.
		_ = a.deps.Sessions.Destroy(ctx)
	}
	if err != nil {
		return nil, err
	}
	return &caller{user: u}, nil
}

func (a *API) activeUser(ctx context.Context, id int64) (*scrutineer.User, error) {
	u, err := a.deps.Store.FindUserByID(ctx, id)
	if scrutineer.ErrorCode(err) == scrutineer.ENotFound || (err == nil && u.Disabled) {
		return nil, scrutineer.Errorf(scrutineer.EUnauthorized, "the account is disabled or gone")
	}
	return u, err
}

// Error is the body of every error answer, as server.ErrorBody, with the
// details of a validation failure (where, and what).
type Error struct {
	status    int
	Code      string              `json:"code" doc:"What kind of error: invalid, unauthorized, forbidden, not_found, conflict, too_many, too_large, internal."`
	Message   string              `json:"message"`
	RequestID string              `json:"request_id" doc:"Quote it when reporting a problem: the logs carry it."`
	Errors    []*huma.ErrorDetail `json:"errors,omitempty"`
}

func (e *Error) Error() string  { return e.Code + ": " + e.Message }
func (e *Error) GetStatus() int { return e.status }

// codeOf names an HTTP status as an error code.
func codeOf(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusUnsupportedMediaType:
		return scrutineer.EInvalid
	case http.StatusUnauthorized:
		return scrutineer.EUnauthorized
	case http.StatusForbidden:
		return scrutineer.EForbidden
	case http.StatusNotFound:
		return scrutineer.ENotFound
	case http.StatusConflict:
		return scrutineer.EConflict
	case http.StatusRequestEntityTooLarge:
		return "too_large"
	case http.StatusTooManyRequests:
		return scrutineer.ETooMany
	case http.StatusServiceUnavailable:
		return scrutineer.EUnavailable
	}
	if status >= 500 {
		return scrutineer.EInternal
	}
	return scrutineer.EInvalid
}

func init() {
	// huma makes its own errors (validation, malformed bodies) through
	// this hook: they get the same body as ours.
	huma.NewErrorWithContext = func(hctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		e := &Error{status: status, Code: codeOf(status), Message: msg}
		if hctx != nil {
			e.RequestID = server.RequestID(hctx.Context())
		}
		if status >= 500 {
			e.Message = "internal error"
			return e
		}
		for _, err := range errs {
			var d huma.ErrorDetailer
			if errors.As(err, &d) {
				e.Errors = append(e.Errors, d.ErrorDetail())
			} else if err != nil {
				e.Errors = append(e.Errors, &huma.ErrorDetail{Message: err.Error()})
			}
		}
		return e
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, errs...)
	}
}

// fail turns an error from the store or a check into the API's answer:
// *scrutineer.Error keeps its code and message; anything else is internal,
// logged with the request id and shown as no more than that.
func (a *API) fail(ctx context.Context, err error) error {
	code := scrutineer.ErrorCode(err)
	if code == scrutineer.EInternal {
		a.deps.Logger.ErrorContext(ctx, "request failed", "request_id", server.RequestID(ctx), "err", err)
	}
	return &Error{status: server.Status(code), Code: code, Message: scrutineer.ErrorMessage(err), RequestID: server.RequestID(ctx)}
}

func requestID(ctx context.Context) string { return server.RequestID(ctx) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func jobObject(id int64) string { return "job:" + itoa(id) }

func (a *API) writeErr(hctx huma.Context, err error) {
	e := a.fail(hctx.Context(), err).(*Error)
	_ = huma.WriteErr(a.huma, hctx, e.status, e.Message) // the client may be gone
}

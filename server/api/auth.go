package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/auth"
)

type loginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"320" minLength:"1"`
		Password string `json:"password" maxLength:"1024"`
	}
}

type userOutput struct {
	Body *scrutineer.User
}

type emptyInput struct{}

func (a *API) authRoutes() {
	register(a, public, huma.Operation{
		OperationID: "login", Method: http.MethodPost, Path: "/auth/login", Tags: []string{"auth"},
		Summary:     "Sign in with email and password",
		Description: "Sets the session cookie. Failed attempts are throttled per email and per client address.",
		Errors:      []int{http.StatusTooManyRequests},
	}, a.login)
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "logout", Method: http.MethodPost, Path: "/auth/logout", Tags: []string{"auth"},
		Summary: "Sign out", DefaultStatus: http.StatusNoContent,
	}, a.logout)
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "me", Method: http.MethodGet, Path: "/me", Tags: []string{"auth"}, Summary: "Who is signed in",
	}, func(ctx context.Context, _ *emptyInput) (*userOutput, error) {
		return &userOutput{Body: userOf(ctx)}, nil
	})
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "change-password", Method: http.MethodPost, Path: "/me/password", Tags: []string{"auth"},
		Summary: "Change one's own password", DefaultStatus: http.StatusNoContent,
	}, a.changePassword)
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "update-me", Method: http.MethodPatch, Path: "/me", Tags: []string{"auth"},
		Summary: "Change one's own name or language",
	}, a.updateMe)
}

// login checks a password. Every failure answers the same, so that the
// answer does not tell which emails have accounts.
func (a *API) login(ctx context.Context, in *loginInput) (*struct{}, error) {
	now := a.deps.Now()
	email := strings.ToLower(strings.TrimSpace(in.Body.Email))
	addr := clientAddr(ctx)
	for _, key := range []string{"email:" + email, "addr:" + addr} {
		if ok, wait := a.deps.Throttle.Allow(key, now); !ok {
			return nil, a.fail(ctx, scrutineer.Errorf(scrutineer.ETooMany,
				"too many failed sign-ins: try again in %d seconds", int(wait.Seconds())+1))
		}
	}
	wrong := func() (*struct{}, error) {
		a.deps.Throttle.Fail("email:"+email, now)
		a.deps.Throttle.Fail("addr:"+addr, now)
		if err := a.audit(ctx, "auth.login_failed", "email:"+email, nil, nil, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, a.fail(ctx, scrutineer.Errorf(scrutineer.EUnauthorized, "wrong email or password"))
	}
	u, err := a.deps.Store.FindUserByEmail(ctx, email)
	if scrutineer.ErrorCode(err) == scrutineer.ENotFound || (err == nil && (u.Disabled || u.PasswordHash == "")) {
		// Hash anyway, so that timing does not tell either.
		_, _ = auth.VerifyPassword(dummyHash, in.Body.Password, a.deps.Password)
		return wrong()
	}
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	rehash, err := auth.VerifyPassword(u.PasswordHash, in.Body.Password, a.deps.Password)
	if err != nil {
		return wrong()
	}
	if rehash {
		if h, err := auth.HashPassword(in.Body.Password, a.deps.Password); err == nil {
			if _, err := a.deps.Store.UpdateUser(ctx, u.ID, scrutineer.UserUpdate{PasswordHash: &h}); err != nil {
				return nil, a.fail(ctx, err)
			}
		}
	}
	a.deps.Throttle.Reset("email:" + email)
	// A new session token on sign-in, so that a token planted before it
	// (session fixation) is worth nothing.
	if err := a.deps.Sessions.RenewToken(ctx); err != nil {
		return nil, a.fail(ctx, err)
	}
	a.deps.Sessions.Put(ctx, "user_id", u.ID)
	if err := a.auditAs(ctx, u, "auth.login", userObject(u.ID), nil, nil, ""); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

// dummyHash is verified against when there is no user, at the same cost.
var dummyHash, _ = auth.HashPassword("no user has this password", auth.DefaultParams)

func (a *API) logout(ctx context.Context, _ *emptyInput) (*struct{}, error) {
	if callerOf(ctx).token == nil {
		if err := a.deps.Sessions.Destroy(ctx); err != nil {
			return nil, a.fail(ctx, err)
		}
	}
	if err := a.audit(ctx, "auth.logout", userObject(userOf(ctx).ID), nil, nil, ""); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type passwordInput struct {
	Body struct {
		Current string `json:"current" maxLength:"1024"`
		New     string `json:"new" maxLength:"1024"`
	}
}

func (a *API) changePassword(ctx context.Context, in *passwordInput) (*struct{}, error) {
	u := userOf(ctx)
	if _, err := auth.VerifyPassword(u.PasswordHash, in.Body.Current, a.deps.Password); err != nil {
		return nil, a.fail(ctx, scrutineer.Errorf(scrutineer.EForbidden, "the current password is wrong"))
	}
	h, err := auth.HashPassword(in.Body.New, a.deps.Password)
	if err != nil {
		return nil, a.fail(ctx, scrutineer.Errorf(scrutineer.EInvalid, "%s", err))
	}
	if _, err := a.deps.Store.UpdateUser(ctx, u.ID, scrutineer.UserUpdate{PasswordHash: &h}); err != nil {
		return nil, a.fail(ctx, err)
	}
	if err := a.audit(ctx, "user.password", userObject(u.ID), nil, nil, ""); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type updateMeInput struct {
	Body struct {
		Name *string `json:"name,omitempty" maxLength:"200"`
		Lang *string `json:"lang,omitempty" enum:"en,fr"`
	}
}

func (a *API) updateMe(ctx context.Context, in *updateMeInput) (*userOutput, error) {
	u := userOf(ctx)
	after, err := a.deps.Store.UpdateUser(ctx, u.ID, scrutineer.UserUpdate{Name: in.Body.Name, Lang: in.Body.Lang})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	if err := a.audit(ctx, "user.update", userObject(u.ID), u, after, ""); err != nil {
		return nil, a.fail(ctx, err)
	}
	return &userOutput{Body: after}, nil
}

func userObject(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

type tokenOutput struct {
	Body struct {
		*scrutineer.Token
		Secret string `json:"secret,omitempty" doc:"The token itself: shown this once, never again."`
	}
}

type tokensOutput struct {
	Body []*scrutineer.Token
}

type createTokenInput struct {
	Body struct {
		Name        string `json:"name" minLength:"1" maxLength:"100"`
		ExpiresDays int    `json:"expires_days,omitempty" minimum:"0" maximum:"3650" doc:"0: never."`
	}
}

type tokenIDInput struct {
	ID int64 `path:"id"`
}

func (a *API) tokenRoutes() {
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "create-token", Method: http.MethodPost, Path: "/tokens", Tags: []string{"auth"},
		Summary: "Make an API token", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createTokenInput) (*tokenOutput, error) {
		secret, hash, err := auth.NewToken()
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		now := a.deps.Now().UTC()
		t := &scrutineer.Token{UserID: userOf(ctx).ID, Name: in.Body.Name, Hash: hash, Created: now}
		if in.Body.ExpiresDays > 0 {
			exp := now.Add(time.Duration(in.Body.ExpiresDays) * 24 * time.Hour)
			t.Expires = &exp
		}
		if err := a.deps.Store.CreateToken(ctx, t); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "token.create", "token:"+strconv.FormatInt(t.ID, 10), nil, t, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		out := &tokenOutput{}
		out.Body.Token, out.Body.Secret = t, secret
		return out, nil
	})
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "list-tokens", Method: http.MethodGet, Path: "/tokens", Tags: []string{"auth"},
		Summary: "One's own API tokens (without their secrets)",
	}, func(ctx context.Context, _ *emptyInput) (*tokensOutput, error) {
		ts, err := a.deps.Store.FindTokens(ctx, userOf(ctx).ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &tokensOutput{Body: nonNil(ts)}, nil
	})
	register(a, scrutineer.RolePartner, huma.Operation{
		OperationID: "delete-token", Method: http.MethodDelete, Path: "/tokens/{id}", Tags: []string{"auth"},
		Summary: "Revoke one of one's own API tokens", DefaultStatus: http.StatusNoContent,
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *tokenIDInput) (*struct{}, error) {
		if err := a.deps.Store.DeleteToken(ctx, userOf(ctx).ID, in.ID); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "token.delete", "token:"+strconv.FormatInt(in.ID, 10), nil, nil, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		return nil, nil
	})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

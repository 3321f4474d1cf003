package api

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/auth"
)

type orgsOutput struct {
	Body []*scrutineer.Organisation
}

type orgOutput struct {
	Body *scrutineer.Organisation
}

type createOrgInput struct {
	Body struct {
		Name string             `json:"name" minLength:"1" maxLength:"200"`
		Kind scrutineer.OrgKind `json:"kind" enum:"government,election_body,platform,civil_society,other"`
	}
}

type usersOutput struct {
	Body []*scrutineer.User
}

type createUserInput struct {
	Body struct {
		OrgID    int64           `json:"org_id" minimum:"1"`
		Email    string          `json:"email" format:"email" maxLength:"320"`
		Name     string          `json:"name" minLength:"1" maxLength:"200"`
		Role     scrutineer.Role `json:"role" enum:"admin,lead,analyst,viewer,partner"`
		Lang     string          `json:"lang,omitempty" enum:"en,fr" default:"en"`
		Password string          `json:"password,omitempty" maxLength:"1024" doc:"Omit it to have one made, returned once."`
	}
}

type createdUserOutput struct {
	Body struct {
		*scrutineer.User
		Password string `json:"password,omitempty" doc:"The password made for the user, when none was given: shown this once."`
	}
}

type updateUserInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Name     *string          `json:"name,omitempty" maxLength:"200"`
		Role     *scrutineer.Role `json:"role,omitempty" enum:"admin,lead,analyst,viewer,partner"`
		Lang     *string          `json:"lang,omitempty" enum:"en,fr"`
		Disabled *bool            `json:"disabled,omitempty"`
	}
}

type orgFilterInput struct {
	OrgID int64 `query:"org" minimum:"0" doc:"Only this organisation's users."`
}

func (a *API) peopleRoutes() {
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "list-organisations", Method: http.MethodGet, Path: "/organisations", Tags: []string{"people"},
		Summary: "Organisations",
	}, func(ctx context.Context, _ *emptyInput) (*orgsOutput, error) {
		os, err := a.deps.Store.FindOrganisations(ctx)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &orgsOutput{Body: nonNil(os)}, nil
	})
	register(a, scrutineer.RoleAdmin, huma.Operation{
		OperationID: "create-organisation", Method: http.MethodPost, Path: "/organisations", Tags: []string{"people"},
		Summary: "Add an organisation", DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createOrgInput) (*orgOutput, error) {
		o := &scrutineer.Organisation{Name: strings.TrimSpace(in.Body.Name), Kind: in.Body.Kind, Created: a.deps.Now().UTC()}
		if err := a.deps.Store.CreateOrganisation(ctx, o); err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "organisation.create", "organisation:"+strconv.FormatInt(o.ID, 10), nil, o, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &orgOutput{Body: o}, nil
	})
	register(a, scrutineer.RoleAdmin, huma.Operation{
		OperationID: "list-users", Method: http.MethodGet, Path: "/users", Tags: []string{"people"}, Summary: "Users",
	}, func(ctx context.Context, in *orgFilterInput) (*usersOutput, error) {
		us, err := a.deps.Store.FindUsers(ctx, in.OrgID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &usersOutput{Body: nonNil(us)}, nil
	})
	register(a, scrutineer.RoleAdmin, huma.Operation{
		OperationID: "create-user", Method: http.MethodPost, Path: "/users", Tags: []string{"people"},
		Summary: "Add a user", DefaultStatus: http.StatusCreated, Errors: []int{http.StatusConflict},
	}, a.createUser)
	register(a, scrutineer.RoleAdmin, huma.Operation{
		OperationID: "update-user", Method: http.MethodPatch, Path: "/users/{id}", Tags: []string{"people"},
		Summary: "Change a user's name, role, language, or disable them", Errors: []int{http.StatusNotFound},
	}, a.updateUser)
}

func (a *API) createUser(ctx context.Context, in *createUserInput) (*createdUserOutput, error) {
	if _, err := a.deps.Store.FindOrganisationByID(ctx, in.Body.OrgID); err != nil {
		if scrutineer.ErrorCode(err) == scrutineer.ENotFound {
			err = scrutineer.Errorf(scrutineer.EInvalid, "no organisation has id %d", in.Body.OrgID)
		}
		return nil, a.fail(ctx, err)
	}
	pw, made := in.Body.Password, false
	if pw == "" {
		var b [15]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, a.fail(ctx, err)
		}
		pw, made = base64.RawURLEncoding.EncodeToString(b[:]), true
	}
	hash, err := auth.HashPassword(pw, a.deps.Password)
	if err != nil {
		return nil, a.fail(ctx, scrutineer.Errorf(scrutineer.EInvalid, "%s", err))
	}
	lang := in.Body.Lang
	if lang == "" {
		lang = "en"
	}
	u := &scrutineer.User{OrgID: in.Body.OrgID, Email: strings.ToLower(strings.TrimSpace(in.Body.Email)),
		Name: strings.TrimSpace(in.Body.Name), Role: in.Body.Role, Lang: lang, PasswordHash: hash, Created: a.deps.Now().UTC()}
	if err := a.deps.Store.CreateUser(ctx, u); err != nil {
		return nil, a.fail(ctx, err)
	}
	if err := a.audit(ctx, "user.create", userObject(u.ID), nil, u, ""); err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &createdUserOutput{}
	out.Body.User = u
	if made {
		out.Body.Password = pw
	}
	return out, nil
}

func (a *API) updateUser(ctx context.Context, in *updateUserInput) (*userOutput, error) {
	before, err := a.deps.Store.FindUserByID(ctx, in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	me := userOf(ctx)
	if in.ID == me.ID && ((in.Body.Role != nil && *in.Body.Role != me.Role) || (in.Body.Disabled != nil && *in.Body.Disabled)) {
		// An admin who demoted or disabled themself could leave no admin.
		return nil, a.fail(ctx, scrutineer.Errorf(scrutineer.EInvalid, "you cannot change your own role or disable yourself"))
	}
	after, err := a.deps.Store.UpdateUser(ctx, in.ID, scrutineer.UserUpdate{Name: in.Body.Name, Role: in.Body.Role,
		Lang: in.Body.Lang, Disabled: in.Body.Disabled})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	if err := a.audit(ctx, "user.update", userObject(in.ID), before, after, ""); err != nil {
		return nil, a.fail(ctx, err)
	}
	return &userOutput{Body: after}, nil
}

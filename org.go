package scrutineer

import (
	"context"
	"time"
)

// OrgKind is what kind of body an organisation is.
type OrgKind string

const (
	OrgGovernment   OrgKind = "government"    // a government unit (a rapid-response mechanism)
	OrgElectionBody OrgKind = "election_body" // an election management body
	OrgPlatform     OrgKind = "platform"      // a platform's trust and safety team
	OrgCivilSociety OrgKind = "civil_society" // a civil-society or research lab
	OrgOther        OrgKind = "other"
)

// Valid reports whether k is one of the kinds above.
func (k OrgKind) Valid() bool {
	switch k {
	case OrgGovernment, OrgElectionBody, OrgPlatform, OrgCivilSociety, OrgOther:
		return true
	}
	return false
}

// Organisation is a body whose people use the service.
type Organisation struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Kind    OrgKind   `json:"kind"`
	Created time.Time `json:"created"`
}

// Role is what a user may do. Each role may do what the ones after it may,
// except partner, which reads only what is shared with its organisation.
type Role string

const (
	RoleAdmin   Role = "admin"   // people, organisations, configuration
	RoleLead    Role = "lead"    // decides on findings, runs detection
	RoleAnalyst Role = "analyst" // ingests data, works findings
	RoleViewer  Role = "viewer"  // reads
	RolePartner Role = "partner" // reads what is shared with its organisation
)

// Roles lists the roles from most to least able.
func Roles() []Role { return []Role{RoleAdmin, RoleLead, RoleAnalyst, RoleViewer, RolePartner} }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, q := range Roles() {
		if r == q {
			return true
		}
	}
	return false
}

// AtLeast reports whether r may do what min may. A partner is at least
// nothing but a partner.
func (r Role) AtLeast(min Role) bool {
	rank := func(x Role) int {
		switch x {
		case RoleAdmin:
			return 4
		case RoleLead:
			return 3
		case RoleAnalyst:
			return 2
		case RoleViewer:
			return 1
		}
		return 0
	}
	if min == RolePartner {
		return r.Valid()
	}
	return r != RolePartner && rank(r) >= rank(min)
}

// User is a person who signs in.
type User struct {
	ID    int64  `json:"id"`
	OrgID int64  `json:"org_id"`
	Email string `json:"email"` // unique, compared case-insensitively
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	Lang  string `json:"lang"` // "en" or "fr"
	// PasswordHash is an encoded argon2id hash ("" for OIDC-only users);
	// it never leaves the service.
	PasswordHash string    `json:"-"`
	Subject      string    `json:"-"` // the OIDC issuer and subject, when linked
	Disabled     bool      `json:"disabled"`
	Created      time.Time `json:"created"`
}

// UserUpdate changes the fields that are set.
type UserUpdate struct {
	Name         *string
	Role         *Role
	Lang         *string
	PasswordHash *string
	Subject      *string
	Disabled     *bool
}

// Token is an API token. Its secret is shown once when it is made; the
// store keeps only a hash of it.
type Token struct {
	ID       int64      `json:"id"`
	UserID   int64      `json:"user_id"`
	Name     string     `json:"name"`
	Hash     []byte     `json:"-"` // SHA-256 of the secret
	Created  time.Time  `json:"created"`
	LastUsed *time.Time `json:"last_used,omitempty"`
	Expires  *time.Time `json:"expires,omitempty"`
}

// UserService keeps organisations, users and API tokens. Unknown ids are
// ENotFound errors; a second user with the same email is EConflict.
type UserService interface {
	CreateOrganisation(ctx context.Context, o *Organisation) error
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	FindOrganisations(ctx context.Context) ([]*Organisation, error)

	CreateUser(ctx context.Context, u *User) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUserBySubject(ctx context.Context, subject string) (*User, error)
	FindUsers(ctx context.Context, orgID int64) ([]*User, error) // 0: all
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)

	CreateToken(ctx context.Context, t *Token) error
	FindTokenByHash(ctx context.Context, hash []byte) (*Token, error)
	FindTokens(ctx context.Context, userID int64) ([]*Token, error)
	TouchToken(ctx context.Context, id int64, at time.Time) error
	DeleteToken(ctx context.Context, userID, id int64) error
}

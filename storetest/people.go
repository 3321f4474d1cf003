// Package storetest is the test suite that every store passes: the same
// tests run on SQLite and on PostgreSQL.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scrutineer/scrutineer"
)

// PeopleStore keeps organisations, users and API tokens.
type PeopleStore interface {
	scrutineer.UserService
}

// People tests a store's organisations, users and tokens. open returns an
// empty store, closed when t ends.
func People(t *testing.T, open func(t *testing.T) PeopleStore) {
	t.Run("Organisations", func(t *testing.T) { peopleOrganisations(t, open(t)) })
	t.Run("Users", func(t *testing.T) { peopleUsers(t, open(t)) })
	t.Run("UserErrors", func(t *testing.T) { peopleUserErrors(t, open(t)) })
	t.Run("UpdateUser", func(t *testing.T) { peopleUpdateUser(t, open(t)) })
	t.Run("Tokens", func(t *testing.T) { peopleTokens(t, open(t)) })
}

func peopleOrganisations(t *testing.T, s PeopleStore) {
	ctx := context.Background()
	a := &scrutineer.Organisation{Name: "Rapid Response Mechanism", Kind: scrutineer.OrgGovernment}
	b := &scrutineer.Organisation{Name: "Élections Canada", Kind: scrutineer.OrgElectionBody}
	for _, o := range []*scrutineer.Organisation{a, b} {
		if err := s.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		if o.ID == 0 || o.Created.IsZero() {
			t.Fatalf("created %+v: no ID or Created", o)
		}
	}
	got, err := s.FindOrganisationByID(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, got); diff != "" {
		t.Errorf("FindOrganisationByID (-want +got):\n%s", diff)
	}
	all, err := s.FindOrganisations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*scrutineer.Organisation{a, b}, all); diff != "" {
		t.Errorf("FindOrganisations (-want +got):\n%s", diff)
	}
	_, err = s.FindOrganisationByID(ctx, b.ID+100)
	peopleCode(t, err, scrutineer.ENotFound)

	for _, o := range []scrutineer.Organisation{
		{Name: "", Kind: scrutineer.OrgOther},
		{Name: "  ", Kind: scrutineer.OrgOther},
		{Name: "Lab", Kind: "university"},
		{Name: "Lab"},
	} {
		peopleCode(t, s.CreateOrganisation(ctx, &o), scrutineer.EInvalid)
	}
}

// peopleOrg makes an organisation for a test.
func peopleOrg(t *testing.T, s PeopleStore, name string) *scrutineer.Organisation {
	t.Helper()
	o := &scrutineer.Organisation{Name: name, Kind: scrutineer.OrgCivilSociety}
	if err := s.CreateOrganisation(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return o
}

func peopleUsers(t *testing.T, s PeopleStore) {
	ctx := context.Background()
	lab, unit := peopleOrg(t, s, "Lab"), peopleOrg(t, s, "Unit")
	ana := &scrutineer.User{OrgID: lab.ID, Email: " Ana.Silva@Example.org ", Name: "Ana Silva",
		Role: scrutineer.RoleAnalyst, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA"}
	ben := &scrutineer.User{OrgID: unit.ID, Email: "ben@example.gc.ca", Name: "Ben", Role: scrutineer.RoleLead,
		Lang: "fr", Subject: "https://id.example.gc.ca|4711"}
	cy := &scrutineer.User{OrgID: lab.ID, Email: "cy@example.org", Role: scrutineer.RolePartner, Disabled: true}
	for _, u := range []*scrutineer.User{ana, ben, cy} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Created.IsZero() {
			t.Fatalf("created %+v: no ID or Created", u)
		}
	}
	if ana.Email != "Ana.Silva@Example.org" || ana.Lang != "en" {
		t.Errorf("created email %q, lang %q: want the email trimmed and lang en", ana.Email, ana.Lang)
	}

	find := []struct {
		name string
		find func() (*scrutineer.User, error)
		want *scrutineer.User
	}{
		{"ByID", func() (*scrutineer.User, error) { return s.FindUserByID(ctx, ben.ID) }, ben},
		{"ByEmail", func() (*scrutineer.User, error) { return s.FindUserByEmail(ctx, "Ana.Silva@Example.org") }, ana},
		{"ByEmailFolded", func() (*scrutineer.User, error) { return s.FindUserByEmail(ctx, "ana.silva@EXAMPLE.ORG ") }, ana},
		{"BySubject", func() (*scrutineer.User, error) { return s.FindUserBySubject(ctx, ben.Subject) }, ben},
		{"Disabled", func() (*scrutineer.User, error) { return s.FindUserByID(ctx, cy.ID) }, cy},
	}
	for _, tt := range find {
		got, err := tt.find()
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}

	lists := []struct {
		org  int64
		want []*scrutineer.User
	}{
		{0, []*scrutineer.User{ana, ben, cy}},
		{lab.ID, []*scrutineer.User{ana, cy}},
		{unit.ID, []*scrutineer.User{ben}},
		{unit.ID + 100, []*scrutineer.User{}},
	}
	for _, tt := range lists {
		got, err := s.FindUsers(ctx, tt.org)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("FindUsers(%d) (-want +got):\n%s", tt.org, diff)
		}
	}

	missing := []struct {
		name string
		find func() (*scrutineer.User, error)
	}{
		{"ByID", func() (*scrutineer.User, error) { return s.FindUserByID(ctx, cy.ID+100) }},
		{"ByEmail", func() (*scrutineer.User, error) { return s.FindUserByEmail(ctx, "nobody@example.org") }},
		{"BySubject", func() (*scrutineer.User, error) { return s.FindUserBySubject(ctx, "https://id.example|0") }},
		{"ByEmptySubject", func() (*scrutineer.User, error) { return s.FindUserBySubject(ctx, "") }},
	}
	for _, tt := range missing {
		u, err := tt.find()
		if u != nil {
			t.Errorf("%s: found %+v", tt.name, u)
		}
		peopleCode(t, err, scrutineer.ENotFound)
	}
}

func peopleUserErrors(t *testing.T, s PeopleStore) {
	ctx := context.Background()
	org := peopleOrg(t, s, "Lab")
	taken := &scrutineer.User{OrgID: org.ID, Email: "ana@example.org", Role: scrutineer.RoleViewer, Subject: "idp|1"}
	if err := s.CreateUser(ctx, taken); err != nil {
		t.Fatal(err)
	}
	ok := func(change func(u *scrutineer.User)) *scrutineer.User {
		u := &scrutineer.User{OrgID: org.ID, Email: "ben@example.org", Role: scrutineer.RoleViewer}
		change(u)
		return u
	}
	tests := []struct {
		name string
		user *scrutineer.User
		code string
	}{
		{"EmptyEmail", ok(func(u *scrutineer.User) { u.Email = "" }), scrutineer.EInvalid},
		{"BlankEmail", ok(func(u *scrutineer.User) { u.Email = "   " }), scrutineer.EInvalid},
		{"NotAnEmail", ok(func(u *scrutineer.User) { u.Email = "ben" }), scrutineer.EInvalid},
		{"BadRole", ok(func(u *scrutineer.User) { u.Role = "root" }), scrutineer.EInvalid},
		{"NoRole", ok(func(u *scrutineer.User) { u.Role = "" }), scrutineer.EInvalid},
		{"BadLang", ok(func(u *scrutineer.User) { u.Lang = "de" }), scrutineer.EInvalid},
		{"NoOrg", ok(func(u *scrutineer.User) { u.OrgID = 0 }), scrutineer.EInvalid},
		{"UnknownOrg", ok(func(u *scrutineer.User) { u.OrgID = org.ID + 100 }), scrutineer.ENotFound},
		{"SameEmail", ok(func(u *scrutineer.User) { u.Email = "ana@example.org" }), scrutineer.EConflict},
		{"SameEmailOtherCase", ok(func(u *scrutineer.User) { u.Email = "ANA@Example.ORG" }), scrutineer.EConflict},
		{"SameSubject", ok(func(u *scrutineer.User) { u.Subject = "idp|1" }), scrutineer.EConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.CreateUser(ctx, tt.user)
			peopleCode(t, err, tt.code)
			if tt.user.ID != 0 {
				t.Errorf("a refused user got ID %d", tt.user.ID)
			}
		})
	}
	all, err := s.FindUsers(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Errorf("%d users stored, want only the first", len(all))
	}
}

func peopleUpdateUser(t *testing.T, s PeopleStore) {
	ctx := context.Background()
	org := peopleOrg(t, s, "Lab")
	u := &scrutineer.User{OrgID: org.ID, Email: "ana@example.org", Name: "Ana", Role: scrutineer.RoleViewer}
	other := &scrutineer.User{OrgID: org.ID, Email: "ben@example.org", Role: scrutineer.RoleViewer, Subject: "idp|ben"}
	for _, x := range []*scrutineer.User{u, other} {
		if err := s.CreateUser(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	ptr := func(s string) *string { return &s }
	role := func(r scrutineer.Role) *scrutineer.Role { return &r }
	yes := true

	steps := []struct {
		name   string
		upd    scrutineer.UserUpdate
		change func(u *scrutineer.User) // what the update changes; nil when refused
		code   string
	}{
		{"Nothing", scrutineer.UserUpdate{}, func(*scrutineer.User) {}, ""},
		{"Name", scrutineer.UserUpdate{Name: ptr("Ana Silva")}, func(u *scrutineer.User) { u.Name = "Ana Silva" }, ""},
		{"RoleAndLang", scrutineer.UserUpdate{Role: role(scrutineer.RoleLead), Lang: ptr("fr")},
			func(u *scrutineer.User) { u.Role, u.Lang = scrutineer.RoleLead, "fr" }, ""},
		{"Password", scrutineer.UserUpdate{PasswordHash: ptr("$argon2id$new")},
			func(u *scrutineer.User) { u.PasswordHash = "$argon2id$new" }, ""},
		{"Link", scrutineer.UserUpdate{Subject: ptr("idp|ana")}, func(u *scrutineer.User) { u.Subject = "idp|ana" }, ""},
		{"Disable", scrutineer.UserUpdate{Disabled: &yes}, func(u *scrutineer.User) { u.Disabled = true }, ""},
		{"BadRole", scrutineer.UserUpdate{Name: ptr("x"), Role: role("root")}, nil, scrutineer.EInvalid},
		{"BadLang", scrutineer.UserUpdate{Lang: ptr("xx")}, nil, scrutineer.EInvalid},
		{"TakenSubject", scrutineer.UserUpdate{Subject: ptr("idp|ben")}, nil, scrutineer.EConflict},
		{"Unlink", scrutineer.UserUpdate{Subject: ptr("")}, func(u *scrutineer.User) { u.Subject = "" }, ""},
	}
	want := *u
	for _, st := range steps {
		got, err := s.UpdateUser(ctx, u.ID, st.upd)
		if st.change == nil {
			peopleCode(t, err, st.code)
		} else if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		} else {
			st.change(&want)
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("%s: returned (-want +got):\n%s", st.name, diff)
			}
		}
		stored, err := s.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(&want, stored); diff != "" {
			t.Errorf("%s: stored (-want +got):\n%s", st.name, diff)
		}
	}
	if _, err := s.FindUserBySubject(ctx, "idp|ana"); scrutineer.ErrorCode(err) != scrutineer.ENotFound {
		t.Errorf("an unlinked subject still finds its user: %v", err)
	}
	_, err := s.UpdateUser(ctx, other.ID+100, scrutineer.UserUpdate{Name: ptr("x")})
	peopleCode(t, err, scrutineer.ENotFound)
}

func peopleTokens(t *testing.T, s PeopleStore) {
	ctx := context.Background()
	org := peopleOrg(t, s, "Lab")
	ana := &scrutineer.User{OrgID: org.ID, Email: "ana@example.org", Role: scrutineer.RoleAnalyst}
	ben := &scrutineer.User{OrgID: org.ID, Email: "ben@example.org", Role: scrutineer.RoleAnalyst}
	for _, u := range []*scrutineer.User{ana, ben} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	hash := func(secret string) []byte { h := sha256.Sum256([]byte(secret)); return h[:] }
	expires := time.Date(2026, 10, 19, 23, 59, 59, 123456789, time.UTC)
	a1 := &scrutineer.Token{UserID: ana.ID, Name: "laptop", Hash: hash("a1"), Expires: &expires}
	a2 := &scrutineer.Token{UserID: ana.ID, Name: "ci", Hash: hash("a2")}
	b1 := &scrutineer.Token{UserID: ben.ID, Name: "script", Hash: hash("b1")}
	for _, tok := range []*scrutineer.Token{a1, a2, b1} {
		if err := s.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if tok.ID == 0 || tok.Created.IsZero() {
			t.Fatalf("created %+v: no ID or Created", tok)
		}
	}
	// Times are kept to the microsecond on every store.
	if want := expires.Truncate(time.Microsecond); !a1.Expires.Equal(want) {
		t.Errorf("Expires = %v, want %v", a1.Expires, want)
	}

	got, err := s.FindTokenByHash(ctx, hash("a1"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a1, got); diff != "" {
		t.Errorf("FindTokenByHash (-want +got):\n%s", diff)
	}
	list, err := s.FindTokens(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*scrutineer.Token{a1, a2}, list); diff != "" {
		t.Errorf("FindTokens (-want +got):\n%s", diff)
	}

	used := time.Date(2026, 4, 28, 12, 0, 0, 999, time.FixedZone("EDT", -4*3600))
	if err := s.TouchToken(ctx, a2.ID, used); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindTokenByHash(ctx, hash("a2")); err != nil {
		t.Fatal(err)
	} else if got.LastUsed == nil || !got.LastUsed.Equal(used.Truncate(time.Microsecond)) {
		t.Errorf("LastUsed = %v, want %v", got.LastUsed, used)
	}

	errs := []struct {
		name string
		err  func() error
		code string
	}{
		{"SameHash", func() error {
			return s.CreateToken(ctx, &scrutineer.Token{UserID: ben.ID, Name: "again", Hash: hash("a1")})
		}, scrutineer.EConflict},
		{"ShortHash", func() error {
			return s.CreateToken(ctx, &scrutineer.Token{UserID: ben.ID, Name: "short", Hash: []byte("secret")})
		}, scrutineer.EInvalid},
		{"UnknownUser", func() error {
			return s.CreateToken(ctx, &scrutineer.Token{UserID: ben.ID + 100, Name: "x", Hash: hash("x")})
		}, scrutineer.ENotFound},
		{"FindUnknown", func() error { _, err := s.FindTokenByHash(ctx, hash("none")); return err }, scrutineer.ENotFound},
		{"TouchUnknown", func() error { return s.TouchToken(ctx, b1.ID+100, used) }, scrutineer.ENotFound},
		{"DeleteOthers", func() error { return s.DeleteToken(ctx, ben.ID, a1.ID) }, scrutineer.ENotFound},
		{"DeleteUnknown", func() error { return s.DeleteToken(ctx, ben.ID, b1.ID+100) }, scrutineer.ENotFound},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) { peopleCode(t, tt.err(), tt.code) })
	}

	if err := s.DeleteToken(ctx, ana.ID, a1.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindTokenByHash(ctx, hash("a1"))
	peopleCode(t, err, scrutineer.ENotFound)
	list, err = s.FindTokens(ctx, ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !bytes.Equal(list[0].Hash, a2.Hash) {
		t.Errorf("after the delete, FindTokens = %+v, want a2 alone", list)
	}
}

// peopleCode fails t unless err has the error code want ("" for nil).
func peopleCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := scrutineer.ErrorCode(err); got != want {
		t.Errorf("error %v: code %q, want %q", err, got, want)
	}
}

package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/server"
)

// audit appends an entry for what the caller did. A change whose entry
// cannot be written is answered as failed; a read is refused.
func (a *API) audit(ctx context.Context, action, object string, before, after any, rationale string) error {
	return a.auditAs(ctx, userOf(ctx), action, object, before, after, rationale)
}

func (a *API) auditAs(ctx context.Context, u *scrutineer.User, action, object string, before, after any, rationale string) error {
	e := &scrutineer.AuditEntry{Time: a.deps.Now().UTC(), Action: action, Object: object,
		Rationale: rationale, RequestID: server.RequestID(ctx)}
	if u != nil {
		e.ActorID, e.Role = u.ID, u.Role
	}
	var err error
	if e.Before, err = marshalOrNil(before); err != nil {
		return err
	}
	if e.After, err = marshalOrNil(after); err != nil {
		return err
	}
	if err := a.deps.Store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

func marshalOrNil(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return b, nil
}

type auditInput struct {
	After   int64  `query:"after" minimum:"0" doc:"Entries after this sequence number."`
	ActorID int64  `query:"actor" minimum:"0"`
	Object  string `query:"object" maxLength:"300"`
	Limit   int    `query:"limit" minimum:"0" maximum:"1000"`
}

type auditOutput struct {
	Body struct {
		Items []*scrutineer.AuditEntry `json:"items"`
		Next  int64                    `json:"next,omitempty" doc:"Give as after= for the next page; absent at the end."`
	}
}

func (a *API) auditRoutes() {
	register(a, scrutineer.RoleAdmin, huma.Operation{
		OperationID: "list-audit", Method: http.MethodGet, Path: "/audit", Tags: []string{"audit"},
		Summary:     "The audit log, in order",
		Description: "Every change and every read of a sensitive record, hash-chained: see `scrutineer audit verify`. Reading it is itself logged.",
	}, func(ctx context.Context, in *auditInput) (*auditOutput, error) {
		limit := in.Limit
		if limit == 0 {
			limit = scrutineer.DefaultLimit
		}
		es, err := a.deps.Store.FindAudit(ctx, scrutineer.AuditFilter{After: in.After, ActorID: in.ActorID, Object: in.Object, Limit: limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "audit.read", "audit", nil, in, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		out := &auditOutput{}
		out.Body.Items = nonNil(es)
		if len(es) == limit {
			out.Body.Next = es[len(es)-1].Seq
		}
		return out, nil
	})
}

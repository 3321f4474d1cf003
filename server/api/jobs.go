package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
)

type jobsInput struct {
	Kind   scrutineer.JobKind `query:"kind" enum:"ingest,detect"`
	Cursor string             `query:"cursor" maxLength:"1000"`
	Limit  int                `query:"limit" minimum:"0" maximum:"1000"`
}

type jobsOutput struct {
	Body struct {
		Items []*scrutineer.Job `json:"items"`
		Next  string            `json:"next,omitempty"`
	}
}

type jobIDInput struct {
	ID int64 `path:"id"`
}

type jobOutput struct {
	Body *scrutineer.Job
}

func (a *API) jobRoutes() {
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "list-jobs", Method: http.MethodGet, Path: "/jobs", Tags: []string{"jobs"},
		Summary: "Uploads and detection runs, newest first",
	}, func(ctx context.Context, in *jobsInput) (*jobsOutput, error) {
		page, err := a.deps.Store.FindJobs(ctx, scrutineer.JobFilter{Kind: in.Kind, Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := &jobsOutput{}
		out.Body.Items, out.Body.Next = nonNil(page.Items), page.Next
		return out, nil
	})
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "get-job", Method: http.MethodGet, Path: "/jobs/{id}", Tags: []string{"jobs"},
		Summary: "A job, its progress and its report", Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *jobIDInput) (*jobOutput, error) {
		j, err := a.deps.Store.FindJobByID(ctx, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		return &jobOutput{Body: j}, nil
	})
}

func (a *API) routes() {
	a.authRoutes()
	a.tokenRoutes()
	a.peopleRoutes()
	a.recordRoutes()
	a.jobRoutes()
	a.uploadRoutes()
	a.auditRoutes()
}

package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
)

// Uploads takes files to read into the store as jobs.
type Uploads interface {
	// Submit keeps body as the upload of j and queues j, setting its id.
	Submit(ctx context.Context, j *scrutineer.Job, body io.Reader) error
}

type uploadInput struct {
	Name   string `query:"name" required:"true" minLength:"1" maxLength:"255" doc:"The file's name; its extension helps detect the format (.gz is read compressed)."`
	Format string `query:"format" maxLength:"100" doc:"The format (see scrutineer ingest --list-formats); detected when not given."`
	body   io.Reader
}

// Resolve keeps the request's body to stream, instead of reading it whole.
func (in *uploadInput) Resolve(ctx huma.Context) []error {
	in.body = ctx.BodyReader()
	return nil
}

type jobCreatedOutput struct {
	Location string `header:"Location"`
	Body     *scrutineer.Job
}

func (a *API) uploadRoutes() {
	if a.deps.Uploads == nil {
		return
	}
	register(a, scrutineer.RoleAnalyst, huma.Operation{
		OperationID: "upload", Method: http.MethodPost, Path: "/uploads", Tags: []string{"jobs"},
		Summary: "Upload a file of records",
		Description: "The body is the file, in any format `scrutineer ingest` reads, plain or gzip-compressed. " +
			"It is kept, then read into the store by a background job whose progress and report are under /jobs/{id}.",
		DefaultStatus: http.StatusAccepted, Errors: []int{http.StatusRequestEntityTooLarge},
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"application/octet-stream": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
		}},
		MaxBodyBytes:    -1, // streamed to disk; the runner bounds its size
		BodyReadTimeout: -1,
	}, func(ctx context.Context, in *uploadInput) (*jobCreatedOutput, error) {
		u := userOf(ctx)
		name := path.Base(strings.ReplaceAll(in.Name, "\\", "/"))
		params, _ := json.Marshal(map[string]string{"format": in.Format})
		if in.Format == "" {
			params = nil
		}
		j := &scrutineer.Job{OwnerID: u.ID, OrgID: u.OrgID, Name: name, Params: params}
		if err := a.deps.Uploads.Submit(ctx, j, in.body); err != nil {
			var e *scrutineer.Error
			if errors.As(err, &e) && e.Code == "too_large" {
				return nil, &Error{status: http.StatusRequestEntityTooLarge, Code: e.Code, Message: e.Message, RequestID: requestID(ctx)}
			}
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "job.create", jobObject(j.ID), nil, j, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &jobCreatedOutput{Location: Prefix + "/jobs/" + itoa(j.ID), Body: j}, nil
	})
}

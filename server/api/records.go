package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/scrutineer/scrutineer"
)

type postsInput struct {
	Platform scrutineer.Platform `query:"platform" enum:"x,bluesky,mastodon,telegram,facebook,instagram,tiktok,youtube,reddit,web" doc:"Only this platform's posts."`
	Account  string              `query:"account" maxLength:"300" doc:"Only this account's posts (its platform id; give platform too)."`
	Since    time.Time           `query:"since" doc:"Posts at or after this time (RFC 3339)."`
	Until    time.Time           `query:"until" doc:"Posts before this time (RFC 3339)."`
	Lang     string              `query:"lang" maxLength:"20"`
	Text     string              `query:"q" maxLength:"500" doc:"Full-text search: words that must all appear, \"quoted phrases\", -excluded words."`
	Object   string              `query:"object" maxLength:"2000" doc:"Posts that share this URL, hashtag (without #) or post id."`
	Cursor   string              `query:"cursor" maxLength:"1000" doc:"The next of the previous page."`
	Limit    int                 `query:"limit" minimum:"0" maximum:"1000" doc:"Page size (default 50)."`
}

type postsOutput struct {
	Body struct {
		Items []*scrutineer.Post `json:"items"`
		Next  string             `json:"next,omitempty" doc:"Give as cursor= for the next page; absent at the end."`
	}
}

type recordInput struct {
	Platform scrutineer.Platform `query:"platform" required:"true" enum:"x,bluesky,mastodon,telegram,facebook,instagram,tiktok,youtube,reddit,web"`
	ID       string              `query:"id" required:"true" minLength:"1" maxLength:"2000"`
}

type postOutput struct {
	Body *scrutineer.Post
}

type accountsInput struct {
	Platform scrutineer.Platform `query:"platform" enum:"x,bluesky,mastodon,telegram,facebook,instagram,tiktok,youtube,reddit,web"`
	Text     string              `query:"q" maxLength:"300" doc:"Handles and names that start with this."`
	Cursor   string              `query:"cursor" maxLength:"1000"`
	Limit    int                 `query:"limit" minimum:"0" maximum:"1000"`
}

type accountsOutput struct {
	Body struct {
		Items []*scrutineer.Account `json:"items"`
		Next  string                `json:"next,omitempty"`
	}
}

type accountOutput struct {
	Body *scrutineer.Account
}

func (a *API) recordRoutes() {
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "list-posts", Method: http.MethodGet, Path: "/posts", Tags: []string{"records"},
		Summary: "Search posts", Description: "Newest first, a page at a time.",
	}, func(ctx context.Context, in *postsInput) (*postsOutput, error) {
		page, err := a.deps.Store.FindPosts(ctx, scrutineer.PostFilter{Platform: in.Platform, Account: in.Account,
			Since: in.Since, Until: in.Until, Lang: in.Lang, Text: in.Text, Object: in.Object, Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := &postsOutput{}
		out.Body.Items, out.Body.Next = nonNil(page.Items), page.Next
		return out, nil
	})
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "get-post", Method: http.MethodGet, Path: "/posts/lookup", Tags: []string{"records"},
		Summary:     "One post, with its raw record",
		Description: "By platform and the platform's id (ids may hold slashes: Bluesky and Mastodon's do). Each read is logged.",
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *recordInput) (*postOutput, error) {
		p, err := a.deps.Store.FindPostByID(ctx, in.Platform, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "post.read", "post:"+string(in.Platform)+":"+in.ID, nil, nil, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &postOutput{Body: p}, nil
	})
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "list-accounts", Method: http.MethodGet, Path: "/accounts", Tags: []string{"records"},
		Summary: "Find accounts",
	}, func(ctx context.Context, in *accountsInput) (*accountsOutput, error) {
		page, err := a.deps.Store.FindAccounts(ctx, scrutineer.AccountFilter{Platform: in.Platform, Text: in.Text,
			Cursor: in.Cursor, Limit: in.Limit})
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		out := &accountsOutput{}
		out.Body.Items, out.Body.Next = nonNil(page.Items), page.Next
		return out, nil
	})
	register(a, scrutineer.RoleViewer, huma.Operation{
		OperationID: "get-account", Method: http.MethodGet, Path: "/accounts/lookup", Tags: []string{"records"},
		Summary: "One account, with its raw record", Description: "Each read is logged.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *recordInput) (*accountOutput, error) {
		acc, err := a.deps.Store.FindAccountByID(ctx, in.Platform, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		if err := a.audit(ctx, "account.read", "account:"+string(in.Platform)+":"+in.ID, nil, nil, ""); err != nil {
			return nil, a.fail(ctx, err)
		}
		return &accountOutput{Body: acc}, nil
	})
}

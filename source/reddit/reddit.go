// Package reddit reads Reddit submissions and comments: NDJSON dumps in the
// Pushshift and Arctic Shift layouts (one object per line; a submission has
// a title, a comment a body and a link_id), the answers of their APIs
// ({"data":[...]}), and the Reddit API's Listing
// responses, alone or as the array a post page gives ([submission listing,
// comments listing]), whose comments' replies are walked.
//
// Conventions: a post's ID is its fullname ("t3_abc", "t1_def"), built from
// its id and kind when the record has no name; its Channel is "r/<name>"
// ("u/<name>" for a profile's own posts); an account's ID is the author
// name, "[deleted]" included. A comment's ReplyTo is its parent_id (the
// submission for a top-level comment) and its Thread its link_id; a
// submission's Thread is itself.
//
// Reddit's JSON escapes '&', '<' and '>' in text and URLs as HTML entities
// unless it was asked for raw_json, and the dumps keep them escaped: those
// three entities are unescaped in Text, Title and the URLs.
//
// A score below zero is read as zero Likes: Likes counts approvals, and a
// post that has net downvotes has none to speak of.
package reddit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// Format is Reddit submissions and comments.
var Format = source.Format{
	Name:     "reddit-ndjson",
	Platform: scrutineer.PlatformReddit,
	About:    "Reddit submissions and comments: Pushshift and Arctic Shift NDJSON dumps, API Listing responses and post pages",
	Sniff:    sniff,
	Read:     read,
}

type reader struct {
	file string
	sink source.Sink
	p    fastjson.Parser
	line int
	err  error // from the sink; it stops the reading
	// seen holds the accounts emitted lately, so that a busy author is not
	// emitted once per comment of a page; it is cleared when it grows, to
	// bound memory (the caller de-duplicates anyway).
	seen map[string]string // author → author_fullname
	buf  []byte
}

const maxSeen = 1 << 14

func read(r io.Reader, file string, sink source.Sink) error {
	rd := &reader{file: file, sink: sink, seen: make(map[string]string)}
	err := source.JSONElements(r, file, rd.value, sink.Reject)
	if rd.err != nil {
		return rd.err
	}
	return err
}

func (rd *reader) reject(field string, err error) {
	rd.sink.Reject(&source.RowError{File: rd.file, Line: rd.line, Field: field, Err: err})
}

func (rd *reader) record(r scrutineer.Record) {
	if rd.err == nil {
		rd.err = rd.sink.Record(r)
	}
}

// value reads one top-level value: a dump's line, a Listing, or one
// element of a post page.
func (rd *reader) value(raw []byte, line int) error {
	rd.line = line
	v, err := rd.p.ParseBytes(raw)
	if err == nil {
		// fastjson lets through what JSON does not; Raw must be JSON.
		err = source.ValidateJSON(raw)
	}
	if err != nil {
		rd.reject("", fmt.Errorf("invalid JSON: %w", err))
		return nil
	}
	if v.Type() != fastjson.TypeObject {
		rd.reject("", errors.New("want a JSON object"))
		return nil
	}
	if kind := v.GetStringBytes("kind"); kind != nil && v.Get("data") != nil {
		rd.thing(v, 0)
	} else if data := v.Get("data"); data != nil && data.Type() == fastjson.TypeArray {
		// A Pushshift or Arctic Shift API answer: {"data":[...]}.
		for _, o := range data.GetArray() {
			if rd.err != nil {
				break
			}
			if kind := kindOf(o); kind != "" && o.Type() == fastjson.TypeObject {
				rd.item(o, kind, nil, 0)
			} else {
				rd.reject("data", errors.New("neither a submission nor a comment"))
			}
		}
	} else {
		kind := kindOf(v)
		if kind == "" {
			rd.reject("", errors.New("neither a submission (title) nor a comment (body, link_id)"))
			return nil
		}
		rd.item(v, kind, raw, 0)
	}
	return rd.err
}

// maxDepth bounds the nesting of replies and crossposts that is walked;
// fastjson bounds it anyway, this keeps the recursion shallow.
const maxDepth = 200

// thing reads a {"kind":..., "data":...} wrapper: a Listing, a submission
// (t3) or a comment (t1). Other kinds ("more", accounts, subreddits) carry
// no post and are passed over.
func (rd *reader) thing(v *fastjson.Value, depth int) {
	data := v.Get("data")
	if data == nil || data.Type() != fastjson.TypeObject {
		rd.reject("data", errors.New("want an object"))
		return
	}
	switch kind := string(v.GetStringBytes("kind")); kind {
	case "Listing":
		children := data.Get("children")
		if children == nil || children.Type() == fastjson.TypeNull {
			return
		}
		if children.Type() != fastjson.TypeArray {
			rd.reject("children", errors.New("want an array"))
			return
		}
		for _, c := range children.GetArray() {
			if rd.err != nil {
				return
			}
			if c.Type() != fastjson.TypeObject || c.Get("kind") == nil {
				rd.reject("children", errors.New("want {\"kind\":..., \"data\":...} objects"))
				continue
			}
			rd.thing(c, depth)
		}
	case "t3", "t1":
		rd.item(data, kind, nil, depth)
	}
}

// kindOf tells a dump's submission from its comment.
func kindOf(v *fastjson.Value) string {
	name := v.GetStringBytes("name")
	switch {
	case bytes.HasPrefix(name, []byte("t3_")):
		return "t3"
	case bytes.HasPrefix(name, []byte("t1_")):
		return "t1"
	case v.Get("link_id") != nil || v.Get("body") != nil:
		return "t1"
	case v.Get("title") != nil || v.Get("selftext") != nil:
		return "t3"
	}
	return ""
}

// fieldError is a field that cannot be read.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

func fail(field string, err error) error { return &fieldError{field, err} }

// item reads a submission or a comment and emits it, its author, the
// crossposted originals it carries and its replies. raw is the record as
// read, or nil when it is to be cut from a larger value.
func (rd *reader) item(v *fastjson.Value, kind string, raw []byte, depth int) {
	// Replies are records of their own: walk them after, not in Raw.
	var replies *fastjson.Value
	if r := v.Get("replies"); r != nil && r.Type() == fastjson.TypeObject {
		replies = r
		v.Del("replies")
		raw = nil
	}
	if err := rd.post(v, kind, raw, depth); err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			rd.reject(fe.field, fe.err)
		} else {
			rd.reject("", err)
		}
	}
	if replies != nil && depth < maxDepth && rd.err == nil {
		rd.thing(replies, depth+1)
	}
}

func (rd *reader) post(v *fastjson.Value, kind string, raw []byte, depth int) error {
	p := &scrutineer.Post{Platform: scrutineer.PlatformReddit}
	// Before any field is read: fastjson writes a string it has decoded
	// back with Go's escapes, which are not all JSON's.
	if raw != nil {
		p.Raw = bytes.Clone(raw)
	} else {
		p.Raw = source.AppendValue(nil, v)
	}
	id, err := str(v, "id")
	if err != nil {
		return fail("id", err)
	}
	name, err := str(v, "name")
	if err != nil {
		return fail("name", err)
	}
	switch {
	case strings.HasPrefix(name, kind+"_") && len(name) > 3:
		p.ID = name
	case id != "":
		p.ID = kind + "_" + strings.TrimPrefix(id, kind+"_")
	default:
		return fail("id", errors.New("missing"))
	}

	author, err := str(v, "author")
	if err != nil {
		return fail("author", err)
	}
	if author == "" {
		return fail("author", errors.New("missing"))
	}
	p.Account, p.Handle = author, author

	if p.Time, err = timeOf(v, "created_utc"); err == errMissing {
		p.Time, err = timeOf(v, "created")
		if err != nil {
			return fail("created_utc", err)
		}
	} else if err != nil {
		return fail("created_utc", err)
	}

	sub, err := str(v, "subreddit")
	if err != nil {
		return fail("subreddit", err)
	}
	if sub != "" {
		if u, ok := strings.CutPrefix(sub, "u_"); ok {
			p.Channel = "u/" + u
		} else {
			p.Channel = "r/" + sub
		}
	}

	permalink, err := str(v, "permalink")
	if err != nil {
		return fail("permalink", err)
	}
	p.URL = absolute(permalink)

	textKey := "body"
	if kind == "t3" {
		textKey = "selftext"
		if p.Title, err = str(v, "title"); err != nil {
			return fail("title", err)
		}
		p.Title = unescape(p.Title)
		p.Thread = p.ID
		if err := rd.link(v, p, permalink); err != nil {
			return err
		}
		if p.RepostOf, err = str(v, "crosspost_parent"); err != nil {
			return fail("crosspost_parent", err)
		}
	} else {
		link, err := str(v, "link_id")
		if err != nil {
			return fail("link_id", err)
		}
		if strings.HasPrefix(link, "t3_") {
			p.Thread = link
		} else if link != "" {
			p.Thread = "t3_" + link
		}
		parent, err := str(v, "parent_id")
		if err != nil {
			return fail("parent_id", err)
		}
		if strings.HasPrefix(parent, "t1_") || strings.HasPrefix(parent, "t3_") {
			p.ReplyTo = parent
		}
	}
	text, err := str(v, textKey)
	if err != nil {
		return fail(textKey, err)
	}
	if text == "[removed]" || text == "[deleted]" {
		p.Removed = true
	} else {
		p.Text = unescape(text)
		p.URLs = appendLinks(p.URLs, p.Text)
		p.Mentions = appendMentions(p.Mentions, p.Text)
	}
	removedBy, err := str(v, "removed_by_category")
	if err != nil {
		return fail("removed_by_category", err)
	}
	if removedBy != "" {
		p.Removed = true
	}

	if p.Likes, err = count(v, "score"); err != nil {
		return fail("score", err)
	}
	if p.Replies, err = count(v, "num_comments"); err != nil {
		return fail("num_comments", err)
	}
	if x := v.Get("over_18"); x != nil {
		switch x.Type() {
		case fastjson.TypeTrue:
			p.Sensitive = true
		case fastjson.TypeFalse, fastjson.TypeNull:
		default:
			return fail("over_18", wantType("a boolean", x))
		}
	}
	if kind == "t3" {
		if p.Media, err = media(v); err != nil {
			return err
		}
	}

	if err := rd.account(v, author); err != nil {
		return err
	}
	rd.record(scrutineer.Record{Post: p})

	// The originals of a crosspost come whole with it.
	if x := v.Get("crosspost_parent_list"); x != nil && x.Type() == fastjson.TypeArray && depth < maxDepth {
		for _, o := range x.GetArray() {
			if rd.err != nil {
				break
			}
			if o.Type() != fastjson.TypeObject {
				rd.reject("crosspost_parent_list", errors.New("want objects"))
				continue
			}
			rd.item(o, "t3", nil, depth+1)
		}
	}
	return nil
}

// link reads a submission's own link: its url when it is not a self post.
func (rd *reader) link(v *fastjson.Value, p *scrutineer.Post, permalink string) error {
	u, err := str(v, "url")
	if err != nil {
		return fail("url", err)
	}
	if u == "" {
		return nil
	}
	self := false
	if v.Get("is_gallery").GetBool() {
		self = true // its url is its own gallery page
	} else if x := v.Get("is_self"); x != nil {
		self = x.Type() == fastjson.TypeTrue
	} else {
		// Dumps without is_self: a self post's url is its own page.
		self = permalink != "" && strings.HasSuffix(u, permalink)
	}
	if !self {
		p.URLs = append(p.URLs, absolute(unescape(u)))
	}
	return nil
}

// absolute makes a path on reddit.com (a permalink, a crosspost's url) a
// URL.
func absolute(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return "https://www.reddit.com" + u
	}
	return u
}

// account emits the author's Account unless it was emitted lately.
func (rd *reader) account(v *fastjson.Value, author string) error {
	fullname, err := str(v, "author_fullname")
	if err != nil {
		return fail("author_fullname", err)
	}
	var created time.Time
	if v.Get("author_created_utc") != nil {
		if created, err = timeOf(v, "author_created_utc"); err != nil && err != errMissing {
			return fail("author_created_utc", err)
		}
	}
	if f, ok := rd.seen[author]; ok && f == fullname {
		return nil
	}
	if len(rd.seen) >= maxSeen {
		clear(rd.seen)
	}
	rd.seen[author] = fullname
	raw := append(rd.buf[:0], `{"author":`...)
	raw = source.AppendJSONString(raw, author)
	if fullname != "" {
		raw = append(raw, `,"author_fullname":`...)
		raw = source.AppendJSONString(raw, fullname)
	}
	if !created.IsZero() {
		raw = fmt.Appendf(raw, `,"author_created_utc":%d`, created.Unix())
	}
	raw = append(raw, '}')
	rd.buf = raw
	rd.record(scrutineer.Record{Account: &scrutineer.Account{
		Platform: scrutineer.PlatformReddit,
		ID:       author,
		Handle:   author,
		URL:      profileURL(author),
		Created:  created,
		Raw:      bytes.Clone(raw),
	}})
	return nil
}

func profileURL(author string) string {
	if author == "[deleted]" || strings.ContainsAny(author, "/?# ") {
		return ""
	}
	return "https://www.reddit.com/user/" + author
}

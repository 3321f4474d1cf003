// Package tiktok reads what the TikTok Research API answers, saved as JSON
// documents or JSON Lines: video queries (and the liked, pinned and
// reposted videos of a user), comment lists, user info, and followers and
// following lists. Bare videos, comments and users, one per line or in one
// big array, are read too.
package tiktok

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/entities"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// Format reads TikTok Research API responses.
var Format = source.Format{
	Name:     "tiktok-research",
	Platform: scrutineer.PlatformTikTok,
	About:    "TikTok Research API responses (videos, comments, user info, followers) as JSON or JSON Lines",
	Sniff:    sniff,
	Read:     read,
}

// UnknownAuthor starts the Account of a comment whose author the response
// does not give (the comment list endpoint never does), followed by the
// comment id: one made-up author per comment, so that unknown authors are
// not merged into one account, and never a username, which holds no ':'.
const UnknownAuthor = "unknown:"

func read(r io.Reader, file string, sink source.Sink) error {
	rd := &reader{file: file, sink: sink}
	return source.JSONElements(r, file, rd.value, sink.Reject)
}

type itemKind uint8

const (
	kindNone itemKind = iota
	kindVideo
	kindComment
	kindUser
)

type list struct {
	kind itemKind
	key  string
	v    *fastjson.Value
}

type reader struct {
	file  string
	sink  source.Sink
	p     fastjson.Parser
	line  int
	lists []list
}

func (rd *reader) reject(field string, err error) {
	rd.sink.Reject(&source.RowError{File: rd.file, Line: rd.line, Field: field, Err: err})
}

// value reads one top-level JSON value: a response, an item, or an array
// of either.
func (rd *reader) value(raw []byte, line int) error {
	rd.line = line
	// fastjson's parser lets through what JSON forbids (control characters
	// in strings, numbers such as 01); Raw must be valid JSON.
	if err := source.ValidateJSON(raw); err != nil {
		rd.reject("", fmt.Errorf("invalid JSON: %v", err))
		return salvage(raw, func(key string) bool { return listKind(key) != kindNone }, rd.salvaged)
	}
	v, err := rd.p.ParseBytes(raw)
	if err != nil {
		rd.reject("", fmt.Errorf("invalid JSON: %v", err))
		return nil
	}
	switch v.Type() {
	case fastjson.TypeObject:
		return rd.object(v, raw, "")
	case fastjson.TypeArray:
		for i, e := range v.GetArray() {
			path := fmt.Sprintf("[%d]", i)
			if e.Type() != fastjson.TypeObject {
				rd.reject(path, fmt.Errorf("want an object, not %s", e.Type()))
				continue
			}
			if err := rd.object(e, nil, path); err != nil {
				return err
			}
		}
		return nil
	}
	rd.reject("", fmt.Errorf("want a JSON object, not %s", v.Type()))
	return nil
}

// salvaged reads an item found whole in a response that is not.
func (rd *reader) salvaged(key string, elem []byte, i int) error {
	path := fmt.Sprintf("%s[%d]", key, i)
	if err := source.ValidateJSON(elem); err != nil {
		rd.reject(path, fmt.Errorf("invalid JSON: %v", err))
		return nil
	}
	v, err := rd.p.ParseBytes(elem)
	if err != nil {
		rd.reject(path, fmt.Errorf("invalid JSON: %v", err))
		return nil
	}
	return rd.item(v, elem, path, listKind(key))
}

// listKind says what the items of an array under data are, by its key:
// videos, user_liked_videos, pinned_videos_list...; comments;
// user_followers, user_following.
func listKind(key string) itemKind {
	switch {
	case strings.Contains(key, "videos"):
		return kindVideo
	case key == "comments":
		return kindComment
	case key == "user_followers" || key == "user_following":
		return kindUser
	}
	return kindNone
}

// object reads a response, or an item saved on its own. raw is the value's
// text when it is a top-level value, nil when it is inside another.
func (rd *reader) object(v *fastjson.Value, raw []byte, path string) error {
	ev := v.Get("error")
	if ev != nil && ev.Type() == fastjson.TypeObject {
		if err := apiError(ev); err != nil {
			rd.reject(jsonfield.Join(path, "error.code"), err)
			return nil
		}
	}
	if d := v.Get("data"); d != nil {
		return rd.data(v, d, raw, path)
	}
	if ev != nil {
		return nil // a successful answer without data
	}
	kind := itemKindOf(v)
	if kind == kindNone {
		rd.reject(path, errors.New("neither a TikTok Research API response nor a video, comment or user"))
		return nil
	}
	return rd.item(v, raw, path, kind)
}

// apiError returns the error an error object reports, nil for "ok".
func apiError(ev *fastjson.Value) error {
	cv := ev.Get("code")
	if isNull(cv) {
		return nil
	}
	code := describe(cv)
	if cv.Type() == fastjson.TypeString {
		code = source.String(cv.GetStringBytes())
	}
	if code == "ok" || code == "" {
		return nil
	}
	msg := source.String(ev.GetStringBytes("message"))
	if logID := ev.GetStringBytes("log_id"); len(logID) > 0 {
		return fmt.Errorf("API error %s: %s (log_id %s)", code, msg, source.String(logID))
	}
	return fmt.Errorf("API error %s: %s", code, msg)
}

// itemKindOf tells a bare item by its keys.
func itemKindOf(v *fastjson.Value) itemKind {
	switch {
	case v.Exists("video_id") || v.Exists("parent_comment_id") || v.Exists("reply_count") ||
		v.Exists("text") && !v.Exists("video_description"):
		return kindComment
	case v.Exists("create_time") || v.Exists("video_description") || v.Exists("hashtag_names") || v.Exists("region_code"):
		return kindVideo
	case v.Exists("username") || v.Exists("display_name") || v.Exists("bio_description") || v.Exists("follower_count"):
		return kindUser
	}
	return kindNone
}

var userKeys = []string{"display_name", "bio_description", "avatar_url", "is_verified", "follower_count",
	"following_count", "likes_count", "video_count", "bio_url"}

// data reads the data object of a response.
func (rd *reader) data(v, d *fastjson.Value, raw []byte, path string) error {
	dpath := jsonfield.Join(path, "data")
	switch d.Type() {
	case fastjson.TypeNull:
		return nil
	case fastjson.TypeObject:
	default:
		rd.reject(dpath, fmt.Errorf("want an object, not %s", d.Type()))
		return nil
	}
	rd.lists = rd.lists[:0]
	d.GetObject().Visit(func(key []byte, lv *fastjson.Value) {
		if k := listKind(string(key)); k != kindNone {
			rd.lists = append(rd.lists, list{k, string(key), lv})
		}
	})
	if len(rd.lists) == 0 {
		for _, k := range userKeys {
			if d.Exists(k) {
				return rd.userInfo(v, d, raw, path)
			}
		}
		return nil // an empty page
	}
	for _, l := range rd.lists {
		lpath := dpath + "." + l.key
		if isNull(l.v) {
			continue
		}
		if l.v.Type() != fastjson.TypeArray {
			rd.reject(lpath, fmt.Errorf("want an array, not %s", l.v.Type()))
			continue
		}
		for i, e := range l.v.GetArray() {
			epath := fmt.Sprintf("%s[%d]", lpath, i)
			if e.Type() != fastjson.TypeObject {
				rd.reject(epath, fmt.Errorf("want an object, not %s", e.Type()))
				continue
			}
			if err := rd.item(e, nil, epath, l.kind); err != nil {
				return err
			}
		}
	}
	return nil
}

// item reads a video, a comment or a user. raw is its text when it is a
// top-level value (to be copied); when nil it is written from v, before
// reading v, which turns strings into their unescaped form.
func (rd *reader) item(v *fastjson.Value, raw []byte, path string, kind itemKind) error {
	var own []byte
	if raw == nil {
		own = source.AppendValue(nil, v)
	}
	var (
		post *scrutineer.Post
		acct *scrutineer.Account
		fe   *jsonfield.Error
	)
	switch kind {
	case kindVideo:
		post, acct, fe = video(v)
	case kindComment:
		post, acct, fe = comment(v)
	case kindUser:
		var name string
		if name, fe = str(v, "username"); fe == nil {
			acct, fe = user(v, strings.TrimPrefix(name, "@"))
		}
	}
	if fe != nil {
		rd.reject(jsonfield.Join(path, fe.Field), fe.Err)
		return nil
	}
	if own == nil {
		own = bytes.Clone(raw)
	}
	if post != nil {
		post.Raw = own
		if err := rd.sink.Record(scrutineer.Record{Post: post}); err != nil {
			return err
		}
		if acct != nil {
			return rd.sink.Record(scrutineer.Record{Account: acct})
		}
		return nil
	}
	acct.Raw = own
	return rd.sink.Record(scrutineer.Record{Account: acct})
}

// userInfo reads the answer of the user info endpoint. The answer does not
// name the user it describes; the username is taken from data.username,
// or from a "username" member beside "data", or from "request":
// {"username": ...}, where a collector saves the request with the answer.
func (rd *reader) userInfo(v, d *fastjson.Value, raw []byte, path string) error {
	var own []byte
	if raw == nil {
		own = source.AppendValue(nil, v)
	}
	var name string
	for _, at := range []struct {
		v   *fastjson.Value
		key string
	}{{d, "username"}, {v, "username"}, {v.Get("request"), "username"}} {
		if at.v == nil || at.v.Type() != fastjson.TypeObject {
			continue
		}
		s, fe := str(at.v, at.key)
		if fe != nil {
			rd.reject(jsonfield.Join(path, fe.Field), fe.Err)
			return nil
		}
		if name = strings.TrimPrefix(s, "@"); name != "" {
			break
		}
	}
	if name == "" {
		rd.reject(jsonfield.Join(path, "data.username"), errors.New(`the user info does not name its user: save it with "username" beside "data"`))
		return nil
	}
	acct, fe := user(d, name)
	if fe != nil {
		rd.reject(jsonfield.Join(path, "data."+fe.Field), fe.Err)
		return nil
	}
	if own == nil {
		own = bytes.Clone(raw)
	}
	acct.Raw = own
	return rd.sink.Record(scrutineer.Record{Account: acct})
}

func profileURL(user string) string { return "https://www.tiktok.com/@" + url.PathEscape(user) }

// video reads a video object into its post and its author.
func video(v *fastjson.Value) (*scrutineer.Post, *scrutineer.Account, *jsonfield.Error) {
	vid, fe := id(v, "id")
	if fe != nil {
		return nil, nil, fe
	}
	if vid == "" {
		return nil, nil, bad("id", "missing")
	}
	name, fe := str(v, "username")
	if fe != nil {
		return nil, nil, fe
	}
	name = strings.TrimPrefix(name, "@")
	if name == "" {
		return nil, nil, bad("username", "missing: the video has no author (request the username field)")
	}
	t, fe := unixTime(v, "create_time")
	if fe != nil {
		return nil, nil, fe
	}
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformTikTok,
		ID:       vid,
		URL:      profileURL(name) + "/video/" + vid,
		Account:  name,
		Handle:   name,
		Time:     t,
	}
	if p.Text, fe = str(v, "video_description"); fe != nil {
		return nil, nil, fe
	}
	// The API's lists when they were asked for, else what the text shows.
	if v.Exists("hashtag_names") {
		if p.Hashtags, fe = stringList(v, "hashtag_names"); fe != nil {
			return nil, nil, fe
		}
		for i, h := range p.Hashtags {
			p.Hashtags[i] = strings.TrimPrefix(h, "#")
		}
	} else {
		p.Hashtags = entities.Hashtags(nil, p.Text)
	}
	if v.Exists("video_mention_list") {
		if p.Mentions, fe = stringList(v, "video_mention_list"); fe != nil {
			return nil, nil, fe
		}
		for i, m := range p.Mentions {
			p.Mentions[i] = strings.TrimPrefix(m, "@")
		}
	} else {
		p.Mentions = entities.Mentions(nil, p.Text)
	}
	p.URLs = entities.Links(nil, p.Text)
	for _, c := range []struct {
		dst *scrutineer.Count
		key string
	}{{&p.Likes, "like_count"}, {&p.Replies, "comment_count"}, {&p.Reposts, "share_count"}, {&p.Views, "view_count"}} {
		if *c.dst, fe = count(v, c.key); fe != nil {
			return nil, nil, fe
		}
	}
	// The region code is where the author registered the account.
	region, fe := str(v, "region_code")
	if fe != nil {
		return nil, nil, fe
	}
	a := &scrutineer.Account{
		Platform: scrutineer.PlatformTikTok,
		ID:       name,
		Handle:   name,
		URL:      profileURL(name),
		Location: region,
	}
	return p, a, nil
}

// comment reads a comment object into its post, and its author when the
// comment gives one.
func comment(v *fastjson.Value) (*scrutineer.Post, *scrutineer.Account, *jsonfield.Error) {
	cid, fe := id(v, "id")
	if fe != nil {
		return nil, nil, fe
	}
	if cid == "" {
		return nil, nil, bad("id", "missing")
	}
	t, fe := unixTime(v, "create_time")
	if fe != nil {
		return nil, nil, fe
	}
	vid, fe := id(v, "video_id")
	if fe != nil {
		return nil, nil, fe
	}
	parent, fe := id(v, "parent_comment_id")
	if fe != nil {
		return nil, nil, fe
	}
	name, fe := str(v, "username")
	if fe != nil {
		return nil, nil, fe
	}
	name = strings.TrimPrefix(name, "@")
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformTikTok,
		ID:       cid,
		Account:  name,
		Handle:   name,
		Time:     t,
		Thread:   vid,
		// A top-level comment's parent is the video itself.
		ReplyTo: parent,
	}
	if p.ReplyTo == "" || p.ReplyTo == cid {
		p.ReplyTo = vid
	}
	if name == "" {
		p.Account = UnknownAuthor + cid
	}
	if p.Text, fe = str(v, "text"); fe != nil {
		return nil, nil, fe
	}
	p.Hashtags = entities.Hashtags(nil, p.Text)
	p.Mentions = entities.Mentions(nil, p.Text)
	p.URLs = entities.Links(nil, p.Text)
	if p.Likes, fe = count(v, "like_count"); fe != nil {
		return nil, nil, fe
	}
	if p.Replies, fe = count(v, "reply_count"); fe != nil {
		return nil, nil, fe
	}
	if name == "" {
		return p, nil, nil
	}
	return p, &scrutineer.Account{Platform: scrutineer.PlatformTikTok, ID: name, Handle: name, URL: profileURL(name)}, nil
}

// user reads a user info object (or an entry of a followers list) of the
// user called name.
func user(v *fastjson.Value, name string) (*scrutineer.Account, *jsonfield.Error) {
	if name == "" {
		return nil, bad("username", "missing")
	}
	a := &scrutineer.Account{
		Platform: scrutineer.PlatformTikTok,
		ID:       name,
		Handle:   name,
		URL:      profileURL(name),
	}
	var fe *jsonfield.Error
	for _, s := range []struct {
		dst *string
		key string
	}{{&a.Name, "display_name"}, {&a.Description, "bio_description"}, {&a.ImageURL, "avatar_url"}, {&a.Website, "bio_url"}} {
		if *s.dst, fe = str(v, s.key); fe != nil {
			return nil, fe
		}
	}
	if a.Verified, fe = boolean(v, "is_verified"); fe != nil {
		return nil, fe
	}
	for _, c := range []struct {
		dst *scrutineer.Count
		key string
	}{{&a.Followers, "follower_count"}, {&a.Following, "following_count"}, {&a.Posts, "video_count"}} {
		if *c.dst, fe = count(v, c.key); fe != nil {
			return nil, fe
		}
	}
	return a, nil
}

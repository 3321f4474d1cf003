package meta

import (
	"fmt"
	"io"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/entities"
	"github.com/scrutineer/scrutineer/source/table"
)

// FormatContentLibrary is a CSV of posts from Meta Content Library, with
// the data dictionary's field names as columns (post_owner.id,
// statistics.reaction_count, …), as its downloads and its API's flattened
// results give them.
var FormatContentLibrary = source.Format{
	Name:  "meta-content-library",
	About: "Meta Content Library CSV of Facebook and Instagram posts (id, creation_time, text, post_owner.*, statistics.*, …)",
	Sniff: sniffMCL,
	Read:  readMCL,
}

// The columns read, the owner's first. Where the same thing has two
// names (a dictionary's and an older export's), both are listed and the
// first present wins.
var mclColumns = []string{
	"post_owner.id", "post_owner.name", "post_owner.username", "post_owner.type",
	"surface.id", "surface.name", "surface.type",

	"id", "creation_time", "text", "lang",
	"link_attachment.link", "link_url", "link_attachment.name", "link_title",
	"multimedia", "multimedia.type", "multimedia.url", "media_type",
	"statistics.reaction_count", "statistics.like_count", "statistics.comment_count",
	"statistics.share_count", "statistics.views",
	"shared_post_id", "hashtags",
	"url", "post_url", "permalink_url", "permalink",
}

const (
	mOwnerID = iota
	mOwnerName
	mOwnerHandle
	mOwnerType
	mSurfaceID
	mSurfaceName
	mSurfaceType

	mID
	mTime
	mText
	mLang
	mLink
	mLinkURL
	mLinkName
	mLinkTitle
	mMedia
	mMediaTypes
	mMediaURLs
	mMediaType
	mReactions
	mLikes
	mComments
	mShares
	mViews
	mShared
	mHashtags
	mURL
	mPostURL
	mPermalinkURL
	mPermalink
	nMCL
)

const mclVerbatim = 1<<mText | 1<<mOwnerName | 1<<mSurfaceName | 1<<mLinkName | 1<<mLinkTitle

var ownerColumns = []string{"post_owner.id", "post_owner.name", "post_owner.username", "post_owner.type"}

// mclReader holds what one Read reuses.
type mclReader struct {
	t      *table.Table
	cols   []int
	owner  []bool // columns of the owner's Raw
	ends   []int
	parser fastjson.Parser
	v      [nMCL]string
	recs   []scrutineer.Record
}

func readMCL(r io.Reader, file string, sink source.Sink) error {
	t, err := table.New(r, file, sink)
	if t == nil {
		return err
	}
	if !t.Require("id", "creation_time") {
		return nil
	}
	if !t.Has("post_owner.id") && !t.Has("surface.id") {
		t.Require("post_owner.id")
		return nil
	}
	m := &mclReader{t: t, cols: t.Cols(mclColumns...), owner: t.Mask(t.Cols(ownerColumns...))}
	for {
		rec, line, ok, err := t.Next()
		if err != nil || !ok {
			return err
		}
		// The Raws and the fields' copies share one allocation.
		postRaw, ownerRaw, ends := t.RawFields(rec, m.owner, m.ends, m.cols, m.v[:], mclVerbatim)
		m.ends = ends
		recs, field, err := m.row()
		if err != nil {
			t.Reject(line, mclColumns[field], err)
			continue
		}
		for _, r := range recs {
			if r.Post != nil {
				r.Post.Raw = postRaw
			} else if r.Account.ID == m.v[mOwnerID] {
				r.Account.Raw = ownerRaw
			}
			if err := sink.Record(r); err != nil {
				return err
			}
		}
		clear(recs) // not to hold on to the row's records
		m.recs = recs[:0]
	}
}

// row reads one row as its owner's account, its surface's account when
// the post was made to another's page or group, and the post; on error
// it names the column at fault.
func (m *mclReader) row() ([]scrutineer.Record, int, error) {
	v := &m.v
	if v[mID] == "" {
		return nil, mID, fmt.Errorf("empty post id")
	}
	postURL := first(v[mURL], v[mPostURL], v[mPermalinkURL], v[mPermalink])
	platform := mclPlatform(v[mOwnerType], postURL, v[mSurfaceType])
	owner := v[mOwnerID]
	if owner == "" {
		// A post whose owner the library does not name (a group member
		// below its thresholds) is the surface's.
		owner = v[mSurfaceID]
	}
	if owner == "" {
		return nil, mOwnerID, fmt.Errorf("no post owner")
	}
	// The records are passed on by value: one slice serves every row.
	recs := m.recs[:0]
	if v[mOwnerID] != "" {
		recs = append(recs, scrutineer.Record{Account: &scrutineer.Account{
			Platform: platform,
			ID:       v[mOwnerID],
			Handle:   strings.TrimPrefix(v[mOwnerHandle], "@"),
			Name:     v[mOwnerName],
		}})
	}
	if v[mSurfaceID] != "" && v[mSurfaceID] != v[mOwnerID] {
		recs = append(recs, scrutineer.Record{Account: &scrutineer.Account{
			Platform: platform,
			ID:       v[mSurfaceID],
			Name:     v[mSurfaceName],
		}})
	}
	p := &scrutineer.Post{
		Platform: platform,
		ID:       v[mID],
		URL:      postURL,
		Account:  owner,
		Handle:   strings.TrimPrefix(v[mOwnerHandle], "@"),
		Text:     v[mText],
		Title:    first(v[mLinkName], v[mLinkTitle]),
		Lang:     v[mLang],
		RepostOf: v[mShared],
	}
	if v[mSurfaceID] != "" && v[mSurfaceID] != owner {
		p.Channel = v[mSurfaceID]
	}
	if v[mTime] == "" {
		return nil, mTime, fmt.Errorf("empty time")
	}
	var err error
	if p.Time, err = parseTime(v[mTime]); err != nil {
		return nil, mTime, err
	}
	for _, c := range []struct {
		col int
		to  *scrutineer.Count
	}{{mReactions, &p.Likes}, {mComments, &p.Replies}, {mShares, &p.Reposts}, {mViews, &p.Views}} {
		if *c.to, err = table.ParseCount(v[c.col]); err != nil {
			return nil, c.col, err
		}
	}
	likes, err := table.ParseCount(v[mLikes])
	if err != nil {
		return nil, mLikes, err
	}
	if p.Likes.IsZero() {
		p.Likes = likes // Instagram gives likes, not reactions
	}
	if link := first(v[mLink], v[mLinkURL]); link != "" {
		p.URLs = []string{link}
	}
	if p.Media, err = m.media(); err != nil {
		return nil, mMedia, err
	}
	if v[mHashtags] != "" {
		p.Hashtags = table.HashtagList(v[mHashtags])
	} else {
		p.Hashtags = entities.XHashtags(p.Text)
	}
	if platform == scrutineer.PlatformInstagram {
		p.Mentions = entities.Handles(p.Text, 30, true)
	}
	return append(recs, scrutineer.Record{Post: p}), 0, nil
}

// media reads the multimedia column, a list of {type, url} objects
// (JSON, or as Python writes it), else the multimedia.type and
// multimedia.url columns, else media_type alone.
func (m *mclReader) media() ([]scrutineer.Media, error) {
	v := &m.v
	s := strings.TrimSpace(v[mMedia])
	if s != "" && (s[0] == '[' || s[0] == '{') {
		var val *fastjson.Value
		var err error
		if !strings.Contains(s, `"`) && strings.Contains(s, "'") {
			// Python's repr of a list of dicts: quotes are single. JSON
			// cannot hold a single quote outside a string, so this is not
			// JSON and is not parsed as JSON first.
			val, err = m.parser.Parse(strings.ReplaceAll(s, "'", `"`))
		} else {
			val, err = m.parser.Parse(s)
		}
		if err != nil {
			return nil, fmt.Errorf("not a list of media: %w", err)
		}
		items := []*fastjson.Value{val}
		if val.Type() == fastjson.TypeArray {
			items, _ = val.Array()
		}
		var out []scrutineer.Media
		for _, it := range items {
			if it.Type() != fastjson.TypeObject {
				return nil, fmt.Errorf("a media item is not an object")
			}
			typ := mediaType(string(it.GetStringBytes("type")))
			if typ == "" {
				typ = "photo"
			}
			out = append(out, scrutineer.Media{Type: typ, URL: source.String(it.GetStringBytes("url"))})
		}
		return out, nil
	}
	types := table.ParseList(first(s, v[mMediaTypes]))
	urls := table.ParseList(v[mMediaURLs])
	var out []scrutineer.Media
	for i := range max(len(types), len(urls)) {
		md := scrutineer.Media{Type: "photo"}
		if i < len(types) {
			if t := mediaType(types[i]); t != "" {
				md.Type = t
			}
		}
		if i < len(urls) {
			md.URL = urls[i]
		}
		out = append(out, md)
	}
	if out == nil {
		if t := mediaType(v[mMediaType]); t != "" {
			out = []scrutineer.Media{{Type: t}}
		}
	}
	return out, nil
}

// mclPlatform tells Facebook from Instagram: by the owner's type
// (Facebook's page, group, event, profile; Instagram's creator, business,
// personal), else by the post's URL, else by the surface's type. Without
// any of these the post is Facebook's, the library's larger part.
func mclPlatform(ownerType, postURL, surfaceType string) scrutineer.Platform {
	for _, t := range []string{ownerType, surfaceType} {
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "page", "group", "event", "profile", "user", "facebook_page", "facebook_group", "facebook_profile":
			return scrutineer.PlatformFacebook
		case "creator", "business", "personal", "instagram", "ig_user", "instagram_account":
			return scrutineer.PlatformInstagram
		}
		if p := hostPlatform(postURL); p != "" {
			return p
		}
	}
	return scrutineer.PlatformFacebook
}

// first returns the first non-empty string.
func first(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func sniffMCL(name string, head []byte) int {
	cols := table.HeaderNames(head)
	score := 0
	switch {
	case table.CountNames(cols, "id", "creation_time", "post_owner.id") == 3:
		score = 95
	case table.CountNames(cols, "id", "creation_time") == 2 && table.CountNames(cols, "post_owner.name", "post_owner.type", "surface.id", "statistics.reaction_count", "statistics.like_count", "is_branded_content") >= 1:
		score = 85
	case table.CountNames(cols, "id", "creation_time", "text", "lang", "is_branded_content") == 5:
		score = 70
	}
	return score
}

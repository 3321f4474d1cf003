// Package youtube reads YouTube Data API v3 list responses saved as JSON
// documents or JSON Lines: videos, search results, comment threads,
// comments and channels. Items saved on their own, one per line or in one
// big array, are read too.
package youtube

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/entities"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// Format reads YouTube Data API v3 list responses.
var Format = source.Format{
	Name:     "youtube-data",
	Platform: scrutineer.PlatformYouTube,
	About:    "YouTube Data API v3 list responses (videos, search results, comment threads, comments, channels) as JSON or JSON Lines",
	Sniff:    sniff,
	Read:     read,
}

// UnknownAuthor starts the Account of a comment whose author has no channel
// id (a deleted or legacy author), followed by the comment id: one made-up
// author per comment, so that unknown authors are not merged into one.
const UnknownAuthor = "unknown:"

func read(r io.Reader, file string, sink source.Sink) error {
	rd := &reader{file: file, sink: sink}
	return source.JSONElements(r, file, rd.value, sink.Reject)
}

type reader struct {
	file string
	sink source.Sink
	p    fastjson.Parser
	line int
}

func (rd *reader) reject(field string, err error) {
	rd.sink.Reject(&source.RowError{File: rd.file, Line: rd.line, Field: field, Err: err})
}

func (rd *reader) rejectField(path string, fe *jsonfield.Error) {
	rd.reject(jsonfield.Join(path, fe.Field), fe.Err)
}

// value reads one top-level JSON value: a list response, an error
// response, or an item.
func (rd *reader) value(raw []byte, line int) error {
	rd.line = line
	// fastjson's parser lets through what JSON forbids (control characters
	// in strings, numbers such as 01); Raw must be valid JSON.
	if err := source.ValidateJSON(raw); err != nil {
		rd.reject("", fmt.Errorf("invalid JSON: %v", err))
		return nil
	}
	v, err := rd.p.ParseBytes(raw)
	if err != nil {
		rd.reject("", fmt.Errorf("invalid JSON: %v", err))
		return nil
	}
	if v.Type() != fastjson.TypeObject {
		rd.reject("", fmt.Errorf("want a JSON object, not %s", v.Type()))
		return nil
	}
	if ev := v.Get("error"); ev != nil {
		rd.reject("error", apiError(ev))
		return nil
	}
	kind, fe := str(v, "kind")
	if fe != nil {
		rd.rejectField("", fe)
		return nil
	}
	if strings.HasSuffix(kind, "ListResponse") || kind == "" && v.Exists("items") {
		return rd.list(v, kind)
	}
	return rd.item(v, "", kind)
}

// apiError is the error an error response reports: its code, message and
// the reasons of its errors (quotaExceeded, commentsDisabled...).
func apiError(ev *fastjson.Value) error {
	if ev.Type() != fastjson.TypeObject {
		return fmt.Errorf("API error %s", describe(ev))
	}
	code := "?"
	if c := ev.Get("code"); c != nil {
		code = string(c.MarshalTo(nil))
		if c.Type() == fastjson.TypeString {
			code = source.String(c.GetStringBytes())
		}
		code = truncate(code, 40)
	}
	msg, _ := str(ev, "message")
	var reasons []string
	for _, e := range ev.GetArray("errors") {
		if r, _ := str(e, "reason"); r != "" {
			reasons = append(reasons, r)
		}
	}
	if len(reasons) > 0 {
		return fmt.Errorf("API error %s: %s (%s)", code, msg, strings.Join(reasons, ", "))
	}
	return fmt.Errorf("API error %s: %s", code, msg)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// itemKinds maps a list response to the kind of its items, for items that
// do not say (a response requested with fields= that leaves kind out).
var itemKinds = map[string]string{
	"youtube#videoListResponse":         "youtube#video",
	"youtube#searchListResponse":        "youtube#searchResult",
	"youtube#commentThreadListResponse": "youtube#commentThread",
	"youtube#commentListResponse":       "youtube#comment",
	"youtube#channelListResponse":       "youtube#channel",
}

func (rd *reader) list(v *fastjson.Value, kind string) error {
	items := v.Get("items")
	if isNull(items) {
		return nil // an empty page
	}
	if items.Type() != fastjson.TypeArray {
		rd.reject("items", fmt.Errorf("want an array, not %s", items.Type()))
		return nil
	}
	def := itemKinds[kind]
	for i, it := range items.GetArray() {
		path := "items[" + strconv.Itoa(i) + "]"
		if it.Type() != fastjson.TypeObject {
			rd.reject(path, fmt.Errorf("want an object, not %s", it.Type()))
			continue
		}
		k, fe := str(it, "kind")
		if fe != nil {
			rd.rejectField(path, fe)
			continue
		}
		if k == "" {
			k = def
		}
		if err := rd.item(it, path, k); err != nil {
			return err
		}
	}
	return nil
}

// item reads one item of the given kind; path is where it is, for messages.
func (rd *reader) item(v *fastjson.Value, path, kind string) error {
	var fe *jsonfield.Error
	var recs []scrutineer.Record
	switch kind {
	case "youtube#video":
		recs, fe = video(v, false)
	case "youtube#searchResult":
		recs, fe = searchResult(v)
	case "youtube#commentThread":
		recs, fe = commentThread(v)
	case "youtube#comment":
		recs, fe = comment(v, "", scrutineer.Count{})
	case "youtube#channel":
		recs, fe = channel(v)
	case "":
		rd.reject(jsonfield.Join(path, "kind"), errors.New("missing: neither a YouTube Data API response nor an item"))
		return nil
	default:
		// Playlists, captions, activities...: not posts or accounts.
		return nil
	}
	if fe != nil {
		rd.rejectField(path, fe)
		return nil
	}
	for _, r := range recs {
		if err := rd.sink.Record(r); err != nil {
			return err
		}
	}
	return nil
}

const (
	watchURL   = "https://www.youtube.com/watch?v="
	channelURL = "https://www.youtube.com/channel/"
)

// video reads a video, or the video of a search result (search is true:
// the id is id.videoId and there are no statistics). It returns the post
// and its channel.
func video(v *fastjson.Value, search bool) ([]scrutineer.Record, *jsonfield.Error) {
	raw := source.AppendValue(nil, v)
	var vid string
	var fe *jsonfield.Error
	if search {
		idv, _ := object(v, "id")
		vid, fe = str(idv, "videoId")
		fe = under(fe, "id")
	} else {
		vid, fe = str(v, "id")
	}
	if fe != nil {
		return nil, fe
	}
	if vid == "" {
		if search {
			return nil, bad("id.videoId", "missing")
		}
		return nil, bad("id", "missing")
	}
	sn, fe := object(v, "snippet")
	if fe != nil {
		return nil, fe
	}
	if sn == nil {
		return nil, bad("snippet", "missing: the video has no channel or time (request part=snippet)")
	}
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformYouTube,
		ID:       vid,
		URL:      watchURL + url.QueryEscape(vid),
		Raw:      raw,
	}
	if fe = videoSnippet(p, sn, search); fe != nil {
		return nil, under(fe, "snippet")
	}
	if !search {
		st, fe := object(v, "statistics")
		if fe != nil {
			return nil, fe
		}
		for _, c := range []struct {
			dst *scrutineer.Count
			key string
		}{{&p.Views, "viewCount"}, {&p.Likes, "likeCount"}, {&p.Replies, "commentCount"}} {
			if *c.dst, fe = count(st, c.key); fe != nil {
				return nil, under(fe, "statistics")
			}
		}
	}
	title, _ := str(sn, "channelTitle")
	a := &scrutineer.Account{
		Platform: scrutineer.PlatformYouTube,
		ID:       p.Account,
		Name:     title,
		URL:      channelURL + url.PathEscape(p.Account),
	}
	return []scrutineer.Record{{Post: p}, {Account: a}}, nil
}

func videoSnippet(p *scrutineer.Post, sn *fastjson.Value, search bool) *jsonfield.Error {
	var fe *jsonfield.Error
	if p.Time, fe = timestamp(sn, "publishedAt", true); fe != nil {
		return fe
	}
	if p.Account, fe = str(sn, "channelId"); fe != nil {
		return fe
	}
	if p.Account == "" {
		return bad("channelId", "missing")
	}
	if _, fe = str(sn, "channelTitle"); fe != nil {
		return fe
	}
	if p.Title, fe = str(sn, "title"); fe != nil {
		return fe
	}
	if p.Text, fe = str(sn, "description"); fe != nil {
		return fe
	}
	if search {
		// search.list escapes HTML in titles and descriptions (&amp;,
		// &#39;); videos.list gives them as written.
		p.Title, p.Text = html.UnescapeString(p.Title), html.UnescapeString(p.Text)
	}
	if p.Lang, fe = str(sn, "defaultLanguage"); fe != nil {
		return fe
	}
	audio, fe := str(sn, "defaultAudioLanguage")
	if fe != nil {
		return fe
	}
	if p.Lang == "" {
		p.Lang = audio
	}
	// Tags are the uploader's keywords, hidden from viewers; the #words
	// of the description are the hashtags viewers see. Both are kept,
	// a #word already among the tags once.
	tags, fe := stringList(sn, "tags")
	if fe != nil {
		return fe
	}
	p.Hashtags = tags
	for _, h := range entities.Hashtags(nil, p.Text) {
		if !contains(tags, h) {
			p.Hashtags = append(p.Hashtags, h)
		}
	}
	p.URLs = entities.Links(nil, p.Text)
	thumb, fe := thumbnail(sn)
	if fe != nil {
		return fe
	}
	if thumb != "" {
		// The picture that stands for the video in lists and shares.
		p.Media = []scrutineer.Media{{Type: "photo", URL: thumb}}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// thumbnail returns the URL of the largest thumbnail in a snippet.
func thumbnail(sn *fastjson.Value) (string, *jsonfield.Error) {
	th, fe := object(sn, "thumbnails")
	if fe != nil || th == nil {
		return "", fe
	}
	for _, size := range []string{"maxres", "standard", "high", "medium", "default"} {
		t, fe := object(th, size)
		if fe != nil {
			return "", under(fe, "thumbnails")
		}
		u, fe := str(t, "url")
		if fe != nil {
			return "", under(fe, "thumbnails."+size)
		}
		if u != "" {
			return u, nil
		}
	}
	return "", nil
}

// searchResult reads a search result: a video, or a channel. Playlists
// are neither posts nor accounts and are left out.
func searchResult(v *fastjson.Value) ([]scrutineer.Record, *jsonfield.Error) {
	idv, fe := object(v, "id")
	if fe != nil {
		return nil, fe
	}
	if idv == nil {
		return nil, bad("id", "missing")
	}
	kind, fe := str(idv, "kind")
	if fe != nil {
		return nil, under(fe, "id")
	}
	switch {
	case kind == "youtube#video" || kind == "" && idv.Exists("videoId"):
		return video(v, true)
	case kind == "youtube#channel" || kind == "" && idv.Exists("channelId"):
		cid, fe := str(idv, "channelId")
		if fe != nil {
			return nil, under(fe, "id")
		}
		return channelRecord(v, cid, "id.channelId")
	}
	return nil, nil
}

// commentThread reads a thread: its top-level comment and the replies the
// response carries (at most five; the rest come from comments.list).
func commentThread(v *fastjson.Value) ([]scrutineer.Record, *jsonfield.Error) {
	sn, fe := object(v, "snippet")
	if fe != nil {
		return nil, fe
	}
	if sn == nil {
		return nil, bad("snippet", "missing")
	}
	vid, fe := str(sn, "videoId")
	if fe != nil {
		return nil, under(fe, "snippet")
	}
	top, fe := object(sn, "topLevelComment")
	if fe != nil {
		return nil, under(fe, "snippet")
	}
	if top == nil {
		return nil, bad("snippet.topLevelComment", "missing")
	}
	total, fe := count(sn, "totalReplyCount")
	if fe != nil {
		return nil, under(fe, "snippet")
	}
	recs, fe := comment(top, vid, total)
	if fe != nil {
		return nil, under(fe, "snippet.topLevelComment")
	}
	rep, fe := object(v, "replies")
	if fe != nil || rep == nil {
		return recs, fe
	}
	cv := rep.Get("comments")
	if isNull(cv) {
		return recs, nil
	}
	list, err := cv.Array()
	if err != nil {
		return nil, bad("replies.comments", "want an array, not %s", cv.Type())
	}
	for i, c := range list {
		path := fmt.Sprintf("replies.comments[%d]", i)
		if c.Type() != fastjson.TypeObject {
			return nil, bad(path, "want an object, not %s", c.Type())
		}
		r, fe := comment(c, vid, scrutineer.Count{})
		if fe != nil {
			return nil, under(fe, path)
		}
		recs = append(recs, r...)
	}
	return recs, nil
}

// comment reads a comment into its post and its author. vid is the video
// of the thread it is in, when known; replies the thread's reply count,
// for a top-level comment.
func comment(v *fastjson.Value, vid string, replies scrutineer.Count) ([]scrutineer.Record, *jsonfield.Error) {
	raw := source.AppendValue(nil, v)
	cid, fe := str(v, "id")
	if fe != nil {
		return nil, fe
	}
	if cid == "" {
		return nil, bad("id", "missing")
	}
	sn, fe := object(v, "snippet")
	if fe != nil {
		return nil, fe
	}
	if sn == nil {
		return nil, bad("snippet", "missing")
	}
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformYouTube,
		ID:       cid,
		Replies:  replies,
		Raw:      raw,
	}
	if fe = commentSnippet(p, sn, vid); fe != nil {
		return nil, under(fe, "snippet")
	}
	if p.Account == "" {
		p.Account = UnknownAuthor + cid
		return []scrutineer.Record{{Post: p}}, nil
	}
	a := &scrutineer.Account{
		Platform: scrutineer.PlatformYouTube,
		ID:       p.Account,
		Handle:   p.Handle,
		URL:      channelURL + url.PathEscape(p.Account),
	}
	name, _ := str(sn, "authorDisplayName")
	if p.Handle == "" {
		a.Name = name // a channel without a handle shows its name
	}
	if u, _ := str(sn, "authorChannelUrl"); u != "" {
		a.URL = u
	}
	if a.ImageURL, fe = str(sn, "authorProfileImageUrl"); fe != nil {
		return nil, under(fe, "snippet")
	}
	return []scrutineer.Record{{Post: p}, {Account: a}}, nil
}

func commentSnippet(p *scrutineer.Post, sn *fastjson.Value, vid string) *jsonfield.Error {
	var fe *jsonfield.Error
	if p.Time, fe = timestamp(sn, "publishedAt", true); fe != nil {
		return fe
	}
	if _, fe = timestamp(sn, "updatedAt", false); fe != nil {
		return fe
	}
	own, fe := str(sn, "videoId")
	if fe != nil {
		return fe
	}
	if own != "" {
		vid = own
	}
	parent, fe := str(sn, "parentId")
	if fe != nil {
		return fe
	}
	p.Thread, p.ReplyTo = vid, parent
	if p.ReplyTo == "" {
		p.ReplyTo = vid
	}
	if vid != "" {
		p.URL = watchURL + url.QueryEscape(vid) + "&lc=" + url.QueryEscape(p.ID)
	}
	author, fe := object(sn, "authorChannelId")
	if fe != nil {
		return fe
	}
	if p.Account, fe = str(author, "value"); fe != nil {
		return under(fe, "authorChannelId")
	}
	name, fe := str(sn, "authorDisplayName")
	if fe != nil {
		return fe
	}
	// Since handles came in (2023) the author is shown by "@handle"; before
	// that by the channel's name, which is no handle.
	if h, ok := strings.CutPrefix(name, "@"); ok && p.Account != "" {
		p.Handle = h
	}
	if _, fe = str(sn, "authorChannelUrl"); fe != nil {
		return fe
	}
	// textOriginal is the text as written; textDisplay is HTML, and the
	// only text some responses (textFormat=html without textOriginal) carry.
	if p.Text, fe = str(sn, "textOriginal"); fe != nil {
		return fe
	}
	display, fe := str(sn, "textDisplay")
	if fe != nil {
		return fe
	}
	if p.Text == "" && display != "" {
		p.Text = htmlText(display)
	}
	if p.Likes, fe = count(sn, "likeCount"); fe != nil {
		return fe
	}
	p.Hashtags = entities.Hashtags(nil, p.Text)
	p.Mentions = entities.Mentions(nil, p.Text)
	p.URLs = entities.Links(nil, p.Text)
	return nil
}

// htmlText turns textDisplay into plain text: line breaks for <br>, tags
// dropped, entities decoded.
func htmlText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		tag := strings.ToLower(s[i+1 : i+j])
		if tag == "br" || tag == "br/" || tag == "br /" {
			b.WriteByte('\n')
		}
		s = s[i+j+1:]
	}
	return html.UnescapeString(b.String())
}

// channel reads a channel into its account.
func channel(v *fastjson.Value) ([]scrutineer.Record, *jsonfield.Error) {
	cid, fe := str(v, "id")
	if fe != nil {
		return nil, fe
	}
	return channelRecord(v, cid, "id")
}

func channelRecord(v *fastjson.Value, cid, idField string) ([]scrutineer.Record, *jsonfield.Error) {
	if cid == "" {
		return nil, bad(idField, "missing")
	}
	a := &scrutineer.Account{
		Platform: scrutineer.PlatformYouTube,
		ID:       cid,
		URL:      channelURL + url.PathEscape(cid),
		Raw:      source.AppendValue(nil, v),
	}
	sn, fe := object(v, "snippet")
	if fe != nil {
		return nil, fe
	}
	if sn != nil {
		if fe = channelSnippet(a, sn); fe != nil {
			return nil, under(fe, "snippet")
		}
		if idField != "id" {
			// A search result, HTML-escaped like a video's.
			a.Name, a.Description = html.UnescapeString(a.Name), html.UnescapeString(a.Description)
		}
	}
	st, fe := object(v, "statistics")
	if fe != nil {
		return nil, fe
	}
	hidden, fe := boolean(st, "hiddenSubscriberCount")
	if fe != nil {
		return nil, under(fe, "statistics")
	}
	if a.Followers, fe = count(st, "subscriberCount"); fe != nil {
		return nil, under(fe, "statistics")
	}
	if hidden {
		a.Followers = scrutineer.Count{} // the API then says 0, which is not known
	}
	if a.Posts, fe = count(st, "videoCount"); fe != nil {
		return nil, under(fe, "statistics")
	}
	return []scrutineer.Record{{Account: a}}, nil
}

func channelSnippet(a *scrutineer.Account, sn *fastjson.Value) *jsonfield.Error {
	var fe *jsonfield.Error
	if a.Name, fe = str(sn, "title"); fe != nil {
		return fe
	}
	if a.Description, fe = str(sn, "description"); fe != nil {
		return fe
	}
	custom, fe := str(sn, "customUrl")
	if fe != nil {
		return fe
	}
	// customUrl is the channel's handle, "@name", or a legacy custom name.
	if h, ok := strings.CutPrefix(custom, "@"); ok {
		a.Handle = h
	}
	if a.Created, fe = timestamp(sn, "publishedAt", false); fe != nil {
		return fe
	}
	if a.Location, fe = str(sn, "country"); fe != nil {
		return fe
	}
	if a.Lang, fe = str(sn, "defaultLanguage"); fe != nil {
		return fe
	}
	if a.ImageURL, fe = thumbnail(sn); fe != nil {
		return fe
	}
	return nil
}

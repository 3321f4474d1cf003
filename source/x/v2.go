package x

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// v2Reader reads one file of X API v2 responses.
type v2Reader struct {
	reader

	// Per response: the usernames of the users it includes, by id, and its
	// media, by media key.
	handles map[string]string
	media   map[string]scrutineer.Media
}

func readV2(r io.Reader, file string, sink source.Sink) error {
	rd := &v2Reader{reader: reader{file: file, sink: sink}, handles: map[string]string{}, media: map[string]scrutineer.Media{}}
	return source.JSONElements(r, file, rd.value, sink.Reject)
}

func (rd *v2Reader) value(raw []byte, line int) error {
	v := rd.parse(raw, line)
	if v == nil {
		return nil
	}
	switch v.Type() {
	case fastjson.TypeObject:
		return rd.response(v, raw)
	case fastjson.TypeArray:
		// An array of responses, or of tweets.
		a, _ := v.Array()
		for i, e := range a {
			if e.Type() != fastjson.TypeObject {
				rd.reject("["+strconv.Itoa(i)+"]", wrongType("an object", e))
				continue
			}
			if err := rd.response(e, nil); err != nil {
				return err
			}
		}
		return nil
	}
	rd.reject("", wrongType("an object", v))
	return nil
}

// responseKeys are the members of a response other than data: a value
// with one of them and no data is a response without results (an empty
// page, a page of errors, a problem such as a rate limit) and yields
// nothing but what its errors say.
var responseKeys = []string{"includes", "errors", "meta", "matching_rules", "title", "detail", "status"}

// response reads one response, or one tweet or user standing alone (raw,
// when not nil, is its JSON).
func (rd *v2Reader) response(v *fastjson.Value, raw []byte) error {
	data := v.Get("data")
	if data == nil {
		isResponse := false
		for _, k := range responseKeys {
			if v.Get(k) != nil {
				isResponse = true
				break
			}
		}
		if !isResponse {
			return rd.alone(v, raw)
		}
	}
	clear(rd.handles)
	clear(rd.media)
	var g getter
	inc := g.obj(v, "includes")
	if g.err != nil {
		rd.reject("", g.err)
		g.err = nil
	}
	users := g.arr(inc, "users")
	media := g.arr(inc, "media")
	tweets := g.arr(inc, "tweets")
	if g.err != nil {
		rd.reject("includes.", g.err)
	}

	for i, u := range users {
		if err := rd.user(u, nil, at{"", "includes.users", i}); err != nil {
			return err
		}
	}
	for i, m := range media {
		if err := rd.addMedia(m); err != nil {
			rd.reject(indexed("includes.media", i), err)
		}
	}
	dataType := fastjson.TypeNull // no data: only includes, errors or meta
	if data != nil {
		dataType = data.Type()
	}
	switch dataType {
	case fastjson.TypeObject:
		if err := rd.item(data, at{pre: "data."}); err != nil {
			return err
		}
	case fastjson.TypeArray:
		a, _ := data.Array()
		for i, e := range a {
			if err := rd.item(e, at{"", "data", i}); err != nil {
				return err
			}
		}
	case fastjson.TypeNull:
	default:
		rd.reject("data", wrongType("an object or an array", data))
	}
	for i, t := range tweets {
		if err := rd.tweet(t, nil, at{"", "includes.tweets", i}, 0); err != nil {
			return err
		}
	}
	return rd.errors(v)
}

// alone reads a tweet or a user that is not inside a response: one a
// line, as twarc2 flattens them (with the author, the media and the
// referenced tweets inside each tweet), or as a script saved them.
func (rd *v2Reader) alone(v *fastjson.Value, raw []byte) error {
	clear(rd.handles)
	clear(rd.media)
	if raw != nil {
		raw = bytes.Clone(raw)
	}
	switch {
	case v.Get("text") != nil:
		return rd.tweet(v, raw, at{}, 0)
	case v.Get("username") != nil:
		return rd.user(v, raw, at{})
	}
	rd.reject("", errors.New("not an X API v2 response, tweet or user"))
	return nil
}

// at is where a value is in a response, made into a string only when
// something is wrong: pre, then name[i] when name is set.
type at struct {
	pre  string
	name string
	i    int
}

func (a at) String() string {
	if a.name == "" {
		return a.pre
	}
	return a.pre + indexed(a.name, a.i)
}

// item reads an element of data: a tweet, or a user for the user
// endpoints (a user has a username and no text).
func (rd *v2Reader) item(v *fastjson.Value, where at) error {
	if v.Get("text") == nil && v.Get("username") != nil {
		return rd.user(v, nil, where)
	}
	return rd.tweet(v, nil, where, 0)
}

// user reads a user object, gives it to the sink and notes its username.
// A user that cannot be read is rejected; only the sink's error is
// returned.
func (rd *v2Reader) user(v *fastjson.Value, raw []byte, where at) error {
	a, err := rd.readUser(v, raw)
	if err != nil {
		rd.reject(where.String(), err)
		return nil
	}
	if a.Handle != "" {
		rd.handles[a.ID] = a.Handle
	}
	return rd.sink.Record(scrutineer.Record{Account: a})
}

func (rd *v2Reader) readUser(v *fastjson.Value, raw []byte) (*scrutineer.Account, error) {
	if v.Type() != fastjson.TypeObject {
		return nil, wrongType("an object", v)
	}
	if raw == nil {
		raw = rd.raw(v)
	}
	var g getter
	a := &scrutineer.Account{
		Platform:    scrutineer.PlatformX,
		ID:          g.need(v, "id"),
		Handle:      strings.TrimPrefix(g.str(v, "username"), "@"),
		Name:        g.str(v, "name"),
		Description: g.str(v, "description"),
		Location:    g.str(v, "location"),
		Website:     g.str(v, "url"),
		ImageURL:    g.str(v, "profile_image_url"),
		Created:     g.time(v, "created_at", false, parseISO),
		Verified:    g.boolean(v, "verified"),
		Protected:   g.boolean(v, "protected"),
		Raw:         raw,
	}
	if g.err != nil {
		return nil, g.err
	}
	a.URL = profileURL(a.Handle)
	if u, err := expandedProfileURL(v); err != nil {
		return nil, err
	} else if u != "" {
		a.Website = u
	}
	if pm := g.obj(v, "public_metrics"); pm != nil {
		var m getter
		a.Followers = m.count(pm, "followers_count")
		a.Following = m.count(pm, "following_count")
		a.Posts = m.count(pm, "tweet_count")
		if m.err != nil {
			return nil, under("public_metrics.", m.err)
		}
	}
	return a, g.err
}

// expandedProfileURL reads entities.url.urls[0].expanded_url, what the
// t.co link of a profile's url stands for (v2 and v1.1 alike).
func expandedProfileURL(v *fastjson.Value) (string, error) {
	var g getter
	e := g.obj(v, "entities")
	u := g.obj(e, "url")
	urls := g.arr(u, "urls")
	if g.err != nil {
		return "", under("entities.", g.err)
	}
	if len(urls) == 0 {
		return "", nil
	}
	if urls[0].Type() != fastjson.TypeObject {
		return "", &fieldError{"entities.url.urls[0]", wrongType("an object", urls[0])}
	}
	s := g.str(urls[0], "expanded_url")
	if g.err != nil {
		return "", under("entities.url.urls[0].", g.err)
	}
	return s, nil
}

// addMedia notes a media object of includes.media.
func (rd *v2Reader) addMedia(v *fastjson.Value) error {
	if v.Type() != fastjson.TypeObject {
		return wrongType("an object", v)
	}
	var g getter
	key := g.need(v, "media_key")
	m := scrutineer.Media{Type: mediaType(g.str(v, "type")), URL: g.str(v, "url"), AltText: g.str(v, "alt_text")}
	if m.URL == "" {
		m.URL = g.str(v, "preview_image_url")
	}
	if g.err != nil {
		return g.err
	}
	if m.Type == "" {
		m.Type = keyMediaType(key)
	}
	if _, dup := rd.media[key]; !dup {
		rd.media[key] = m
	}
	return nil
}

// keyMediaType guesses a media type from the prefix of its key, for a key
// that includes.media does not describe.
func keyMediaType(key string) string {
	pre, _, ok := strings.Cut(key, "_")
	if !ok {
		return ""
	}
	switch pre {
	case "3":
		return "photo"
	case "7", "13":
		return "video"
	case "16":
		return "gif"
	}
	return ""
}

// maxNesting bounds how deep tweets inside tweets are followed (twarc2
// puts referenced tweets inside the tweet).
const maxNesting = 2

// tweet reads a tweet object and gives it to the sink, after the author
// and the referenced tweets it carries when it stands alone.
func (rd *v2Reader) tweet(v *fastjson.Value, raw []byte, where at, depth int) error {
	if v.Type() != fastjson.TypeObject {
		rd.reject(where.String(), wrongType("an object", v))
		return nil
	}
	if raw == nil {
		raw = rd.raw(v)
	}
	var g getter
	// What twarc2 adds inside a tweet: the author, the replied-to user,
	// the media and the referenced tweets in full.
	author := g.obj(v, "author")
	replied := g.obj(v, "in_reply_to_user")
	att := g.obj(v, "attachments")
	media := g.arr(att, "media")
	if g.err != nil {
		rd.reject(where.String(), g.err)
		return nil
	}
	for _, u := range [...]struct {
		v     *fastjson.Value
		where string
	}{{author, "author."}, {replied, "in_reply_to_user."}} {
		if u.v != nil {
			if err := rd.user(u.v, nil, at{pre: where.String() + u.where}); err != nil {
				return err
			}
		}
	}
	for i, m := range media {
		if err := rd.addMedia(m); err != nil {
			rd.reject(where.String()+indexed("attachments.media", i), err)
		}
	}
	p, err := rd.readTweet(v, raw)
	if err != nil {
		rd.reject(where.String(), err)
		return nil
	}
	if err := rd.sink.Record(scrutineer.Record{Post: p}); err != nil {
		return err
	}
	if depth < maxNesting {
		for i, r := range v.GetArray("referenced_tweets") {
			if r.Get("text") != nil && r.Get("author_id") != nil {
				if err := rd.tweet(r, nil, at{where.String(), "referenced_tweets", i}, depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (rd *v2Reader) readTweet(v *fastjson.Value, raw []byte) (*scrutineer.Post, error) {
	var g getter
	p := &scrutineer.Post{
		Platform:       scrutineer.PlatformX,
		ID:             g.need(v, "id"),
		Account:        g.need(v, "author_id"),
		Time:           g.time(v, "created_at", true, parseISO),
		Text:           unescapeText(g.str(v, "text")),
		Lang:           g.str(v, "lang"),
		Thread:         g.str(v, "conversation_id"),
		ReplyToAccount: g.str(v, "in_reply_to_user_id"),
		Source:         g.str(v, "source"),
		Sensitive:      g.boolean(v, "possibly_sensitive"),
		Raw:            raw,
	}
	ents := g.obj(v, "entities")
	if nt := g.obj(v, "note_tweet"); nt != nil {
		// A long post: the full text and its entities are in note_tweet.
		var n getter
		if t := n.str(nt, "text"); t != "" {
			p.Text = unescapeText(t)
		}
		if e := n.obj(nt, "entities"); e != nil {
			ents = e
		}
		if n.err != nil {
			return nil, under("note_tweet.", n.err)
		}
	}
	if g.err != nil {
		return nil, g.err
	}
	p.Handle = rd.handles[p.Account]
	p.URL = postURL(p.Handle, p.ID)

	for i, r := range g.arr(v, "referenced_tweets") {
		if r.Type() != fastjson.TypeObject {
			return nil, &fieldError{"referenced_tweets[" + strconv.Itoa(i) + "]", wrongType("an object", r)}
		}
		var rg getter
		kind, id := rg.str(r, "type"), rg.str(r, "id")
		if rg.err != nil {
			return nil, under(indexed("referenced_tweets", i), rg.err)
		}
		switch kind {
		case "retweeted":
			p.RepostOf = id
		case "replied_to":
			p.ReplyTo = id
		case "quoted":
			p.QuoteOf = id
		}
	}
	if err := readEntities(p, ents, "tag", "username", "mentions"); err != nil {
		return nil, under("entities.", err)
	}
	if att := g.obj(v, "attachments"); att != nil {
		var a getter
		for _, k := range a.strs(att, "media_keys") {
			m, ok := rd.media[k]
			if !ok {
				m.Type = keyMediaType(k)
			}
			if m.Type != "" {
				p.Media = append(p.Media, m)
			}
		}
		if a.err != nil {
			return nil, under("attachments.", a.err)
		}
	}
	if pm := g.obj(v, "public_metrics"); pm != nil {
		var m getter
		p.Likes = m.count(pm, "like_count")
		p.Reposts = m.count(pm, "retweet_count")
		p.Replies = m.count(pm, "reply_count")
		p.Quotes = m.count(pm, "quote_count")
		p.Views = m.count(pm, "impression_count")
		if m.err != nil {
			return nil, under("public_metrics.", m.err)
		}
	}
	if w := g.obj(v, "withheld"); w != nil {
		var wg getter
		p.WithheldIn = wg.strs(w, "country_codes")
		if wg.err != nil {
			return nil, under("withheld.", wg.err)
		}
	}
	return p, g.err
}

// readEntities reads the links, hashtags and mentions of a tweet's
// entities (v2 and v1.1 differ in the names of the hashtag's text, the
// mention's handle and the list of mentions). Links to the tweet's own
// media (a media_key in v2) are media, not links.
func readEntities(p *scrutineer.Post, ents *fastjson.Value, tagKey, userKey, mentionsKey string) error {
	if ents == nil {
		return nil
	}
	var g getter
	for i, u := range g.arr(ents, "urls") {
		if u.Type() != fastjson.TypeObject {
			return &fieldError{"urls[" + strconv.Itoa(i) + "]", wrongType("an object", u)}
		}
		if u.Get("media_key") != nil {
			continue
		}
		var e getter
		s := e.str(u, "expanded_url")
		if s == "" {
			s = e.str(u, "url")
		}
		if e.err != nil {
			return under(indexed("urls", i), e.err)
		}
		if s != "" {
			p.URLs = append(p.URLs, s)
		}
	}
	for i, h := range g.arr(ents, "hashtags") {
		if h.Type() != fastjson.TypeObject {
			return &fieldError{"hashtags[" + strconv.Itoa(i) + "]", wrongType("an object", h)}
		}
		var e getter
		s := strings.TrimPrefix(e.str(h, tagKey), "#")
		if e.err != nil {
			return under(indexed("hashtags", i), e.err)
		}
		if s != "" {
			p.Hashtags = append(p.Hashtags, s)
		}
	}
	for i, m := range g.arr(ents, mentionsKey) {
		if m.Type() != fastjson.TypeObject {
			return &fieldError{mentionsKey + "[" + strconv.Itoa(i) + "]", wrongType("an object", m)}
		}
		var e getter
		s := strings.TrimPrefix(e.str(m, userKey), "@")
		if e.err != nil {
			return under(indexed(mentionsKey, i), e.err)
		}
		if s != "" {
			p.Mentions = append(p.Mentions, s)
		}
	}
	return g.err
}

// errors reads a response's errors: a referenced user that is suspended
// or deleted becomes an account that is gone. Deleted, withheld or
// protected tweets cannot be records (their author and time are not
// given); the tweets that reference them keep their ids.
func (rd *v2Reader) errors(v *fastjson.Value) error {
	for _, e := range v.GetArray("errors") {
		if e.Type() != fastjson.TypeObject {
			continue
		}
		var g getter
		if g.str(e, "resource_type") != "user" || !strings.HasSuffix(g.str(e, "type"), "/resource-not-found") ||
			strings.Contains(g.str(e, "parameter"), "username") {
			continue
		}
		id := g.str(e, "resource_id")
		if g.err != nil || !decimal(id) {
			continue
		}
		a := &scrutineer.Account{Platform: scrutineer.PlatformX, ID: id, Gone: true, Raw: rd.raw(e)}
		if err := rd.sink.Record(scrutineer.Record{Account: a}); err != nil {
			return err
		}
	}
	return nil
}

func decimal(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

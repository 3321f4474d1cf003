package x

import (
	"bytes"
	"errors"
	"html"
	"io"
	"strconv"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// v1Reader reads one file of Twitter API v1.1 tweets.
type v1Reader struct {
	reader
	// recs are the records of the tweet being read: they go to the sink
	// only once the whole tweet, with what it embeds, has been read.
	recs []scrutineer.Record
}

func readV1(r io.Reader, file string, sink source.Sink) error {
	rd := &v1Reader{reader: reader{file: file, sink: sink}}
	return source.JSONElements(r, file, rd.value, sink.Reject)
}

func (rd *v1Reader) value(raw []byte, line int) error {
	v := rd.parse(raw, line)
	if v == nil {
		return nil
	}
	switch v.Type() {
	case fastjson.TypeObject:
		return rd.object(v, raw, "")
	case fastjson.TypeArray:
		// A timeline response on one line.
		a, _ := v.Array()
		for i, e := range a {
			if err := rd.object(e, nil, "["+strconv.Itoa(i)+"]."); err != nil {
				return err
			}
		}
		return nil
	}
	rd.reject("", wrongType("an object", v))
	return nil
}

// notices are the members of the streaming API's messages that are not
// tweets: deletions, limit notices, withholding and disconnection notices,
// and the user stream's friend lists and events.
var notices = []string{"delete", "scrub_geo", "limit", "status_withheld", "user_withheld", "disconnect",
	"warning", "friends", "friends_str", "event", "control", "direct_message"}

// object reads a tweet, a search response, a user, or a stream notice
// (skipped: a deleted tweet's notice gives neither its author's handle nor
// its time, and the tweet, if it was read, stays as it was).
func (rd *v1Reader) object(v *fastjson.Value, raw []byte, where string) error {
	if v.Type() != fastjson.TypeObject {
		rd.reject(where, wrongType("an object", v))
		return nil
	}
	if raw == nil {
		raw = rd.raw(v)
	} else {
		raw = bytes.Clone(raw)
	}
	tweetLike := v.Get("id_str") != nil || v.Get("user") != nil || v.Get("text") != nil || v.Get("full_text") != nil
	if !tweetLike {
		if st := v.Get("statuses"); st != nil && st.Type() == fastjson.TypeArray {
			// A search response: {"statuses":[...],"search_metadata":{...}}.
			a, _ := st.Array()
			for i, e := range a {
				if err := rd.object(e, nil, where+indexed("statuses", i)); err != nil {
					return err
				}
			}
			return nil
		}
		for _, k := range notices {
			if v.Get(k) != nil {
				return nil
			}
		}
	}
	rd.recs = rd.recs[:0]
	if v.Get("user") == nil && v.Get("text") == nil && v.Get("full_text") == nil && v.Get("screen_name") != nil {
		// A user, as users/lookup and friends/list give them.
		a, err := rd.readUser(v, raw)
		if err != nil {
			rd.reject(where, err)
			return nil
		}
		return rd.sink.Record(scrutineer.Record{Account: a})
	}
	if _, err := rd.tweet(v, raw, 0); err != nil {
		rd.reject(where, err)
		return nil
	}
	for _, r := range rd.recs {
		if err := rd.sink.Record(r); err != nil {
			return err
		}
	}
	return nil
}

// idStr reads a v1.1 id: id_str, or id when it is a string (as in account
// archives). A numeric id is not read: parsers that go through floats
// have often rounded it.
func idStr(g *getter, v *fastjson.Value, key string) string {
	if s := g.str(v, key+"_str"); s != "" || g.err != nil {
		return s
	}
	f := v.Get(key)
	if f == nil || f.Type() == fastjson.TypeNull {
		g.fail(key+"_str", errMissing)
		return ""
	}
	if f.Type() != fastjson.TypeString {
		g.fail(key+"_str", errors.New("missing, and the numeric "+key+" may have lost precision"))
		return ""
	}
	return g.need(v, key)
}

// tweet reads a tweet and what it embeds into rd.recs: its author, and the
// retweeted and quoted tweets with theirs. It returns the tweet's id.
func (rd *v1Reader) tweet(v *fastjson.Value, raw []byte, depth int) (string, error) {
	var g getter
	p := &scrutineer.Post{Platform: scrutineer.PlatformX, Raw: raw}
	p.ID = idStr(&g, v, "id")
	user := g.obj(v, "user")
	if g.err != nil {
		return "", g.err
	}
	if user == nil {
		return "", &fieldError{"user", errMissing}
	}
	a, err := rd.readUser(user, nil)
	if err != nil {
		return "", under("user.", err)
	}
	rd.recs = append(rd.recs, scrutineer.Record{Account: a}, scrutineer.Record{Post: p})
	p.Account, p.Handle, p.URL = a.ID, a.Handle, postURL(a.Handle, p.ID)

	p.Time = g.time(v, "created_at", true, parseRuby)
	text := g.str(v, "full_text")
	if text == "" {
		text = g.str(v, "text")
	}
	ents := g.obj(v, "entities")
	xents := g.obj(v, "extended_entities")
	if ext := g.obj(v, "extended_tweet"); ext != nil {
		// A tweet longer than 140 characters from the streaming API: the
		// full text and its entities are in extended_tweet.
		var e getter
		if t := e.str(ext, "full_text"); t != "" {
			text = t
		}
		if x := e.obj(ext, "entities"); x != nil {
			ents = x
		}
		if x := e.obj(ext, "extended_entities"); x != nil {
			xents = x
		}
		if e.err != nil {
			return "", under("extended_tweet.", e.err)
		}
	}
	p.Text = unescapeText(text)
	p.Lang = g.str(v, "lang")
	p.Source = clientName(g.str(v, "source"))
	p.ReplyTo = g.str(v, "in_reply_to_status_id_str")
	p.ReplyToAccount = g.str(v, "in_reply_to_user_id_str")
	p.Likes = g.count(v, "favorite_count")
	p.Reposts = g.count(v, "retweet_count")
	p.Replies = g.count(v, "reply_count")
	p.Quotes = g.count(v, "quote_count")
	p.WithheldIn = g.strs(v, "withheld_in_countries")
	p.Sensitive = g.boolean(v, "possibly_sensitive")
	quoteID := g.str(v, "quoted_status_id_str")
	if g.err != nil {
		return "", g.err
	}
	if err := readEntities(p, ents, "text", "screen_name", "user_mentions"); err != nil {
		return "", under("entities.", err)
	}
	// extended_entities lists every photo of a tweet and the type of each;
	// entities lists the first only, always as a photo.
	media, where := xents, "extended_entities."
	if media == nil {
		media, where = ents, "entities."
	}
	if err := readMedia(p, media); err != nil {
		return "", under(where, err)
	}

	if rs := g.obj(v, "retweeted_status"); rs != nil {
		p.RepostOf, err = rd.embedded(rs, depth)
		if err != nil {
			return "", under("retweeted_status.", err)
		}
	}
	if qs := g.obj(v, "quoted_status"); qs != nil {
		id, err := rd.embedded(qs, depth)
		if err != nil {
			return "", under("quoted_status.", err)
		}
		if quoteID == "" {
			quoteID = id
		}
	}
	if g.err != nil {
		return "", g.err
	}
	if p.RepostOf == "" {
		// A retweet of a quote carries the quoted tweet too, but it is the
		// original that quotes.
		p.QuoteOf = quoteID
	}
	return p.ID, nil
}

// embedded reads a retweeted or quoted tweet inside another; past
// maxNesting only its id is read.
func (rd *v1Reader) embedded(v *fastjson.Value, depth int) (string, error) {
	if depth >= maxNesting {
		var g getter
		id := idStr(&g, v, "id")
		return id, g.err
	}
	return rd.tweet(v, rd.raw(v), depth+1)
}

// readMedia reads the media list of entities or extended_entities.
func readMedia(p *scrutineer.Post, ents *fastjson.Value) error {
	if ents == nil {
		return nil
	}
	var g getter
	for i, m := range g.arr(ents, "media") {
		if m.Type() != fastjson.TypeObject {
			return &fieldError{"media[" + strconv.Itoa(i) + "]", wrongType("an object", m)}
		}
		var e getter
		md := scrutineer.Media{Type: mediaType(e.str(m, "type")), URL: e.str(m, "media_url_https"), AltText: e.str(m, "ext_alt_text")}
		if md.URL == "" {
			md.URL = e.str(m, "media_url")
		}
		if e.err != nil {
			return under(indexed("media", i), e.err)
		}
		if md.Type == "" {
			md.Type = "photo"
		}
		p.Media = append(p.Media, md)
	}
	return g.err
}

func (rd *v1Reader) readUser(v *fastjson.Value, raw []byte) (*scrutineer.Account, error) {
	if raw == nil {
		raw = rd.raw(v)
	}
	var g getter
	a := &scrutineer.Account{
		Platform:    scrutineer.PlatformX,
		ID:          idStr(&g, v, "id"),
		Handle:      g.str(v, "screen_name"),
		Name:        g.str(v, "name"),
		Description: g.str(v, "description"),
		Location:    g.str(v, "location"),
		Website:     g.str(v, "url"),
		ImageURL:    g.str(v, "profile_image_url_https"),
		Lang:        g.str(v, "lang"),
		Created:     g.time(v, "created_at", false, parseRuby),
		Followers:   g.count(v, "followers_count"),
		Following:   g.count(v, "friends_count"),
		Posts:       g.count(v, "statuses_count"),
		Verified:    g.boolean(v, "verified"),
		Protected:   g.boolean(v, "protected"),
		Raw:         raw,
	}
	if a.ImageURL == "" {
		a.ImageURL = g.str(v, "profile_image_url")
	}
	if g.err != nil {
		return nil, g.err
	}
	a.URL = profileURL(a.Handle)
	u, err := expandedProfileURL(v)
	if err != nil {
		return nil, err
	}
	if u != "" {
		a.Website = u
	}
	return a, nil
}

// clientName keeps the name of the client from v1.1's source, an HTML
// anchor: `<a href="..." rel="nofollow">Twitter for iPhone</a>`.
func clientName(s string) string {
	if !strings.HasPrefix(s, "<a") {
		return s
	}
	i := strings.IndexByte(s, '>')
	j := strings.LastIndex(s, "</a>")
	if i < 0 || j < i {
		return s
	}
	return html.UnescapeString(strings.TrimSpace(s[i+1 : j]))
}

package simulate

import (
	"fmt"
	"io"
	"slices"
	"strconv"
)

// xPageSize is the most tweets a v2 search response holds.
const xPageSize = 100

// WriteX writes the world's X posts as X API v2 search responses, one
// response page a line (JSON Lines), as a collector that pages through
// GET /2/tweets/search/all with every expansion stores them:
//
//	{"data":[tweet...],
//	 "includes":{"users":[user...],"tweets":[tweet...],"media":[media...]},
//	 "meta":{"newest_id":...,"oldest_id":...,"result_count":N,"next_token":...}}
//
// Pages hold up to 100 tweets in time order, oldest first (the live API
// pages newest first); the last page has no next_token. includes.users
// holds every author, replied-to user and mentioned user of the page;
// includes.tweets every referenced tweet not in data; includes.media the
// photos of data and included tweets.
//
// Tweets carry id, text, author_id, created_at, conversation_id, lang,
// source, edit_history_tweet_ids, public_metrics (retweets, replies and
// likes as the world counts them, quotes counted from its quotes),
// in_reply_to_user_id, referenced_tweets, entities and
// attachments.media_keys. Users carry id, name, username, created_at,
// description, location, verified, protected, profile_image_url and
// public_metrics (listed_count, which the world lacks, is followers/100).
// As on X, the
// text holds t.co links in place of the URLs posted (entities.urls gives
// them back as expanded_url), a photo adds a t.co link at the end of the
// text, and a retweet's text is "RT @handle: " and the original's text.
// Entity start and end count Unicode code points of the text, end
// exclusive, the '#' and '@' included. A URL, hashtag or mention the text
// does not hold is not an entity. A repost whose original cannot be found
// is left out; a reply or quote whose target cannot be found (or is on
// another platform) is written without the reference.
func WriteX(w io.Writer, wd *World) error {
	if wd == nil {
		return nil
	}
	tweets := nativePosts(wd, X)
	// The world counts reposts, replies and likes but not quotes.
	quotes := map[int32]int32{}
	for _, i := range tweets {
		if wd.Posts[i].RepostOf < 0 {
			if q := refTarget(wd, int(i), wd.Posts[i].QuoteOf, false); q >= 0 {
				quotes[int32(q)]++
			}
		}
	}
	users := accountObjects(wd, X, func(dst []byte, a int) []byte { return appendXUser(dst, &wd.Accounts[a]) })
	pages := (len(tweets) + xPageSize - 1) / xPageSize
	err := writeOrdered(w, pages, 8, func() chunkEncoder {
		e := &xEncoder{wd: wd, tweets: tweets, quotes: quotes, users: users, seen: make([]uint32, len(wd.Accounts))}
		return e.encodePages
	})
	if err != nil {
		return fmt.Errorf("write x: %w", err)
	}
	return nil
}

// xEncoder encodes response pages; each goroutine has its own.
type xEncoder struct {
	wd     *World
	tweets []int32         // indexes of the X posts written
	quotes map[int32]int32 // quote tweets of a tweet

	find    entityFinder
	handles []string
	text    []byte
	ents    []xEntity

	users [][]byte // the JSON of each X account
	page  []int32  // the tweets of the page being written
	stamp uint32   // the page's mark in seen
	seen  []uint32 // per account: stamp of the last page it was added to
	added []int32  // the page's users, in order
	incl  []int32  // referenced tweets not in data
	media []int32  // posts whose photos go into includes.media
	tmp   []byte
}

// xEntity is an entity of a tweet's text as written, in code points.
type xEntity struct {
	kind       entityKind
	start, end int // code points
	bs, be     int // bytes, in xEncoder.text
	post       int // the post whose URLs, Hashtags or Mentions item indexes
	item       int // -1: the link to the photos; for mentions, -2: the RT author
}

func (e *xEncoder) encodePages(dst []byte, lo, hi int) []byte {
	for pg := lo; pg < hi; pg++ {
		e.page = e.tweets[pg*xPageSize : min(pg*xPageSize+xPageSize, len(e.tweets))]
		e.stamp++
		e.added, e.incl, e.media = e.added[:0], e.incl[:0], e.media[:0]
		dst = append(dst, `{"data":[`...)
		for k, ti := range e.page {
			if k > 0 {
				dst = append(dst, ',')
			}
			dst = e.appendTweet(dst, int(ti), true)
		}
		dst = append(dst, ']')
		// Included tweets add users and photos, so they are encoded first.
		e.tmp = e.tmp[:0]
		for k := 0; k < len(e.incl); k++ {
			if k > 0 {
				e.tmp = append(e.tmp, ',')
			}
			e.tmp = e.appendTweet(e.tmp, int(e.incl[k]), false)
		}
		dst = append(dst, `,"includes":{"users":[`...)
		for k, a := range e.added {
			if k > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, e.users[a]...)
		}
		dst = append(dst, ']')
		if len(e.incl) > 0 {
			dst = append(dst, `,"tweets":[`...)
			dst = append(dst, e.tmp...)
			dst = append(dst, ']')
		}
		if len(e.media) > 0 {
			dst = append(dst, `,"media":[`...)
			n := 0
			for _, pi := range e.media {
				for k := range e.wd.Posts[pi].Media {
					if n > 0 {
						dst = append(dst, ',')
					}
					n++
					dst = e.appendMedia(dst, int(pi), k)
				}
			}
			dst = append(dst, ']')
		}
		first, last := &e.wd.Posts[e.page[0]], &e.wd.Posts[e.page[len(e.page)-1]]
		dst = append(dst, `},"meta":{`...)
		dst = appendJSONField(dst, "newest_id", last.ID)
		dst = appendJSONField(dst, "oldest_id", first.ID)
		dst = appendJSONInt(dst, "result_count", int64(len(e.page)))
		if end := (pg + 1) * xPageSize; end < len(e.tweets) {
			// An opaque token, as the API gives, fixed by where the next page starts.
			dst = appendJSONKey(dst, "next_token")
			dst = append(dst, '"')
			h := nativeHash(uint64(end), last.ID)
			dst = appendBase36(dst, h, 13)
			dst = appendBase36(dst, nativeMix(h), 13)
			dst = appendBase36(dst, nativeMix(h+1), 13)
			dst = append(dst, '"')
		}
		dst = append(dst, "}}\n"...)
	}
	return dst
}

func appendBase36(dst []byte, h uint64, n int) []byte {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	for i := 0; i < n; i++ {
		dst = append(dst, alphabet[h%36])
		h /= 36
	}
	return dst
}

func (e *xEncoder) addUser(a int) {
	if e.seen[a] != e.stamp {
		e.seen[a] = e.stamp
		e.added = append(e.added, int32(a))
	}
}

func (e *xEncoder) inPage(i int) bool {
	_, ok := slices.BinarySearch(e.page, int32(i))
	return ok
}

func (e *xEncoder) include(i int) {
	if !e.inPage(i) && !slices.Contains(e.incl, int32(i)) {
		e.incl = append(e.incl, int32(i))
	}
}

// appendTweet appends post i as a tweet. For a tweet of data, it also
// collects what includes needs; an included tweet adds its author and
// photos only, as the API's expansions do.
func (e *xEncoder) appendTweet(dst []byte, i int, data bool) []byte {
	wd := e.wd
	p := &wd.Posts[i]
	a := &wd.Accounts[p.Account]
	e.addUser(p.Account)
	orig, parent, quote := -1, -1, -1
	if p.RepostOf >= 0 {
		orig = originalOf(wd, i)
	} else {
		parent = refTarget(wd, i, p.ReplyTo, false)
		quote = refTarget(wd, i, p.QuoteOf, false)
	}
	e.text, e.ents = e.text[:0], e.ents[:0]
	photos := i
	if orig >= 0 {
		photos = orig
		oa := &wd.Accounts[wd.Posts[orig].Account]
		e.text = append(e.text, "RT @"...)
		e.text = append(e.text, oa.Handle...)
		e.ents = append(e.ents, xEntity{kind: entityMention, start: 3, end: 4 + codePoints(oa.Handle),
			bs: 3, be: len(e.text), post: orig, item: -2})
		e.text = append(e.text, ": "...)
		e.buildText(orig, codePoints(bytesString(e.text)))
	} else {
		e.buildText(i, 0)
	}

	dst = append(dst, '{')
	dst = appendJSONField(dst, "id", p.ID)
	dst = appendJSONKey(dst, "text")
	dst = append(dst, '"')
	dst = appendJSONBody(dst, bytesString(e.text))
	dst = append(dst, '"')
	dst = appendJSONField(dst, "author_id", a.ID)
	dst = appendJSONTime(dst, "created_at", p.Time)
	conv := p.ID
	if parent >= 0 {
		conv = wd.Posts[threadRoot(wd, parent)].ID
	}
	dst = appendJSONField(dst, "conversation_id", conv)
	lang := p.Lang
	if lang == "" {
		lang = "und"
	}
	dst = appendJSONField(dst, "lang", lang)
	if p.Source != "" {
		dst = appendJSONField(dst, "source", p.Source)
	}
	dst = appendJSONKey(dst, "edit_history_tweet_ids")
	dst = append(dst, '[')
	dst = appendJSONString(dst, p.ID)
	dst = append(dst, ']')
	dst = append(appendJSONKey(dst, "public_metrics"), '{')
	dst = appendJSONInt(dst, "retweet_count", int64(p.Reposts))
	dst = appendJSONInt(dst, "reply_count", int64(p.Replies))
	dst = appendJSONInt(dst, "like_count", int64(p.Likes))
	dst = appendJSONInt(dst, "quote_count", int64(e.quotes[int32(i)]))
	dst = append(dst, '}')
	if parent >= 0 {
		pa := wd.Posts[parent].Account
		dst = appendJSONField(dst, "in_reply_to_user_id", wd.Accounts[pa].ID)
		if data {
			e.addUser(pa)
		}
	}
	if orig >= 0 || parent >= 0 || quote >= 0 {
		dst = append(appendJSONKey(dst, "referenced_tweets"), '[')
		for _, r := range [...]struct {
			kind string
			post int
		}{{"retweeted", orig}, {"replied_to", parent}, {"quoted", quote}} {
			if r.post < 0 {
				continue
			}
			if dst[len(dst)-1] != '[' {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"type":"`...)
			dst = append(dst, r.kind...)
			dst = append(dst, `","id":`...)
			dst = appendJSONString(dst, wd.Posts[r.post].ID)
			dst = append(dst, '}')
			if data {
				e.include(r.post)
				e.addUser(wd.Posts[r.post].Account)
			}
		}
		dst = append(dst, ']')
	}
	dst = e.appendEntities(dst, data)
	if pp := &wd.Posts[photos]; len(pp.Media) > 0 {
		dst = append(appendJSONKey(dst, "attachments"), `{"media_keys":[`...)
		for k := range pp.Media {
			if k > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `"3_`...)
			dst = strconv.AppendUint(dst, xMediaID(pp, k), 10)
			dst = append(dst, '"')
		}
		dst = append(dst, "]}"...)
		if !slices.Contains(e.media, int32(photos)) {
			e.media = append(e.media, int32(photos))
		}
	}
	return append(dst, '}')
}

// buildText appends post i's text as X shows it to e.text, with t.co
// links for its URLs and its photos, and records its entities, their
// code-point offsets shifted by base.
func (e *xEncoder) buildText(i, base int) {
	wd := e.wd
	p := &wd.Posts[i]
	e.handles = mentionHandles(e.handles[:0], wd, p, X)
	cp, pos := base, 0
	for _, f := range e.find.find(p.Text, p, e.handles, nil) {
		gap := p.Text[pos:f.start]
		e.text = append(e.text, gap...)
		cp += codePoints(gap)
		x := xEntity{kind: f.kind, start: cp, bs: len(e.text), post: i, item: f.item}
		if f.kind == entityURL {
			e.text = appendTco(e.text, p.ID, f.item)
		} else {
			e.text = append(e.text, p.Text[f.start:f.end]...)
		}
		x.be = len(e.text)
		cp += codePoints(bytesString(e.text[x.bs:x.be]))
		x.end = cp
		e.ents = append(e.ents, x)
		pos = f.end
	}
	rest := p.Text[pos:]
	e.text = append(e.text, rest...)
	cp += codePoints(rest)
	if len(p.Media) > 0 {
		if len(e.text) > 0 {
			e.text = append(e.text, ' ')
			cp++
		}
		x := xEntity{kind: entityURL, start: cp, bs: len(e.text), post: i, item: -1}
		e.text = appendTco(e.text, p.ID, -1)
		x.be = len(e.text)
		x.end = cp + (x.be - x.bs)
		e.ents = append(e.ents, x)
	}
}

// appendTco appends the t.co link X made for item k of a tweet's URLs
// (k = -1: its photos): 23 characters, whatever the length of the URL.
func appendTco(dst []byte, tweetID string, k int) []byte {
	dst = append(dst, "https://t.co/"...)
	return appendBase62(dst, nativeHash(uint64(k+2), tweetID), 10)
}

// xMediaID is the id of photo k of a post: a snowflake a few milliseconds
// older than the tweet, as an upload is.
func xMediaID(p *Post, k int) uint64 {
	if id, ok := parseDecimalID(p.ID); ok && id > uint64(len(p.Media)+1)<<22 {
		return id - uint64(len(p.Media)-k)<<22
	}
	return nativeHash(uint64(k), p.ID) >> 2
}

func (e *xEncoder) appendEntities(dst []byte, data bool) []byte {
	if len(e.ents) == 0 {
		return dst
	}
	wd := e.wd
	dst = append(appendJSONKey(dst, "entities"), '{')
	for _, kind := range [...]entityKind{entityURL, entityTag, entityMention} {
		open := false
		for _, x := range e.ents {
			if x.kind != kind {
				continue
			}
			if !open {
				dst = append(appendJSONKey(dst, [...]string{"urls", "hashtags", "mentions"}[kind]), '[')
				open = true
			} else {
				dst = append(dst, ',')
			}
			dst = append(dst, '{')
			dst = appendJSONInt(dst, "start", int64(x.start))
			dst = appendJSONInt(dst, "end", int64(x.end))
			p := &wd.Posts[x.post]
			switch kind {
			case entityURL:
				tco := bytesString(e.text[x.bs:x.be])
				dst = appendJSONField(dst, "url", tco)
				if x.item >= 0 {
					u := p.URLs[x.item]
					dst = appendJSONField(dst, "expanded_url", u)
					dst = appendJSONKey(dst, "display_url")
					dst = appendDisplayURL(dst, u)
				} else {
					a := &wd.Accounts[p.Account]
					dst = append(appendJSONKey(dst, "expanded_url"), `"https://x.com/`...)
					dst = appendJSONBody(dst, a.Handle)
					dst = append(dst, "/status/"...)
					dst = appendJSONBody(dst, p.ID)
					dst = append(dst, `/photo/1"`...)
					dst = append(appendJSONKey(dst, "display_url"), `"pic.x.com/`...)
					dst = append(dst, tco[len("https://t.co/"):]...)
					dst = append(dst, '"')
					dst = appendJSONKey(dst, "media_key")
					dst = append(dst, `"3_`...)
					dst = strconv.AppendUint(dst, xMediaID(p, 0), 10)
					dst = append(dst, '"')
				}
			case entityTag:
				dst = appendJSONField(dst, "tag", p.Hashtags[x.item])
			case entityMention:
				acc := p.Account // the RT author
				if x.item >= 0 {
					acc = p.Mentions[x.item]
				}
				dst = appendJSONField(dst, "username", wd.Accounts[acc].Handle)
				dst = appendJSONField(dst, "id", wd.Accounts[acc].ID)
				if data {
					e.addUser(acc)
				}
			}
			dst = append(dst, '}')
		}
		if open {
			dst = append(dst, ']')
		}
	}
	return append(dst, '}')
}

// appendDisplayURL appends the quoted display form X gives a link: no
// scheme, cut with an ellipsis past 25 characters.
func appendDisplayURL(dst []byte, u string) []byte {
	for _, scheme := range [...]string{"https://", "http://"} {
		if len(u) >= len(scheme) && u[:len(scheme)] == scheme {
			u = u[len(scheme):]
			break
		}
	}
	dst = append(dst, '"')
	n := 0
	for k := range u {
		if n == 25 {
			dst = appendJSONBody(dst, u[:k])
			dst = append(dst, "…"...)
			return append(dst, '"')
		}
		n++
	}
	dst = appendJSONBody(dst, u)
	return append(dst, '"')
}

// appendXUser appends an account as an X user.
func appendXUser(dst []byte, a *Account) []byte {
	dst = append(dst, '{')
	dst = appendJSONField(dst, "id", a.ID)
	dst = appendJSONField(dst, "name", a.DisplayName)
	dst = appendJSONField(dst, "username", a.Handle)
	dst = appendJSONTime(dst, "created_at", a.Created)
	dst = appendJSONField(dst, "description", a.Description)
	if a.Location != "" {
		dst = appendJSONField(dst, "location", a.Location)
	}
	dst = appendJSONBool(dst, "verified", a.Verified)
	dst = appendJSONBool(dst, "protected", false)
	img := a.ProfileImage
	if img == "" {
		img = "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"
	}
	dst = appendJSONField(dst, "profile_image_url", img)
	dst = append(appendJSONKey(dst, "public_metrics"), '{')
	dst = appendJSONInt(dst, "followers_count", int64(a.Followers))
	dst = appendJSONInt(dst, "following_count", int64(a.Following))
	dst = appendJSONInt(dst, "tweet_count", int64(a.Statuses))
	// The world has no lists; about one list per hundred followers is typical.
	dst = appendJSONInt(dst, "listed_count", int64(a.Followers/100))
	return append(dst, "}}"...)
}

func (e *xEncoder) appendMedia(dst []byte, pi, k int) []byte {
	p := &e.wd.Posts[pi]
	dst = append(dst, `{"media_key":"3_`...)
	dst = strconv.AppendUint(dst, xMediaID(p, k), 10)
	dst = append(dst, `","type":"photo","url":"https://pbs.twimg.com/media/`...)
	dst = appendJSONBody(dst, p.Media[k])
	dst = append(dst, `.jpg","width":1200,"height":675}`...)
	return dst
}

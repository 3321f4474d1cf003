package bluesky

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// Collections read; records of others (likes, follows, blocks, lists) are
// passed over.
const (
	nsidPost    = "app.bsky.feed.post"
	nsidRepost  = "app.bsky.feed.repost"
	nsidProfile = "app.bsky.actor.profile"
)

// maxAccounts bounds the accounts a reader remembers (handles, and whether
// a record of the account has gone out), so that memory does not grow
// with the input. Past it, handles of new accounts are not learnt and
// their account records may repeat.
const maxAccounts = 1 << 20

// reader is the state of one Read call.
type reader struct {
	file string
	sink source.Sink
	p    fastjson.Parser
	d    jsonfield.Decoder

	accounts map[string]*account // by DID
	// deferred lists, in order of first sight, the accounts known only
	// from an identity event or as an author: their records wait for
	// the end of the input, so that a profile seen later goes out first
	// (a store keeps the first record of an account).
	deferred []string

	out    []scrutineer.Record // the records of the value being read
	facets []facet
}

type account struct {
	handle   string
	emitted  bool // a record of the account went out
	deferred bool // its record waits for the end of the input
}

func newReader(file string, sink source.Sink) *reader {
	return &reader{file: file, sink: sink, accounts: map[string]*account{}}
}

// parse parses one top-level value. fastjson is lenient (it takes control
// bytes in strings, NaN, bad escapes), so what it parses is validated
// too: Raw must be JSON. Parsing comes first because it bounds the depth
// that validation then recurses to.
func (r *reader) parse(raw []byte, line int) *fastjson.Value {
	v, err := r.p.ParseBytes(raw)
	if err == nil {
		err = source.ValidateJSON(raw)
	}
	if err != nil {
		r.reject(line, "", err)
		return nil
	}
	return v
}

func (r *reader) reject(line int, field string, err error) {
	r.sink.Reject(&source.RowError{File: r.file, Line: line, Field: field, Err: err})
}

// rejectDec rejects the current value for the first error the decoder met.
func (r *reader) rejectDec(line int) {
	r.reject(line, r.d.Err.Field, r.d.Err.Err)
}

// send gives the records of the current value to the sink.
func (r *reader) send() error {
	for _, rec := range r.out {
		if err := r.sink.Record(rec); err != nil {
			return err
		}
	}
	clear(r.out)
	r.out = r.out[:0]
	return nil
}

// state returns what is remembered of an account, making room for it when
// there is some; nil when the reader remembers no more accounts.
func (r *reader) state(did string) *account {
	if st := r.accounts[did]; st != nil {
		return st
	}
	if len(r.accounts) >= maxAccounts {
		return nil
	}
	st := &account{}
	r.accounts[did] = st
	return st
}

func (r *reader) handleOf(did string) string {
	if st := r.accounts[did]; st != nil {
		return st.handle
	}
	return ""
}

// accountRecord is the record of what is known of an account.
func accountRecord(did, handle string) *scrutineer.Account {
	return &scrutineer.Account{Platform: scrutineer.PlatformBluesky, ID: did, Handle: handle, URL: profileURL(did, handle)}
}

func profileURL(did, handle string) string {
	if handle != "" {
		return "https://bsky.app/profile/" + handle
	}
	return "https://bsky.app/profile/" + did
}

// sawAuthor notes the author of a post or repost: its record waits for
// the end of the input unless a fuller one already went out.
func (r *reader) sawAuthor(did string) {
	st := r.state(did)
	if st == nil {
		r.out = append(r.out, scrutineer.Record{Account: accountRecord(did, "")})
		return
	}
	if !st.emitted && !st.deferred {
		st.deferred = true
		r.deferred = append(r.deferred, did)
	}
}

// sawHandle notes a handle from an identity event.
func (r *reader) sawHandle(did, handle string, raw []byte) {
	st := r.state(did)
	if st == nil {
		a := accountRecord(did, handle)
		a.Raw = raw
		r.out = append(r.out, scrutineer.Record{Account: a})
		return
	}
	st.handle = handle
	switch {
	case st.emitted:
		// A change of handle: say so.
		a := accountRecord(did, handle)
		a.Raw = raw
		r.out = append(r.out, scrutineer.Record{Account: a})
	case !st.deferred:
		st.deferred = true
		r.deferred = append(r.deferred, did)
	}
}

// sawAccount adds a full account record (from a profile or an account
// event): it goes out now.
func (r *reader) sawAccount(a *scrutineer.Account) {
	if st := r.state(a.ID); st != nil {
		a.Handle = st.handle
		a.URL = profileURL(a.ID, a.Handle)
		st.emitted, st.deferred = true, false
	}
	r.out = append(r.out, scrutineer.Record{Account: a})
}

// flush sends the deferred account records, at the end of the input.
func (r *reader) flush() error {
	for _, did := range r.deferred {
		if st := r.accounts[did]; st != nil && st.deferred {
			st.deferred, st.emitted = false, true
			r.out = append(r.out, scrutineer.Record{Account: accountRecord(did, st.handle)})
		}
	}
	r.deferred = nil
	return r.send()
}

// value reads one record of a repository: a post, a repost or a profile
// of did. prefix names the record in messages; fallback is the time to use
// when the record has no createdAt; whole and raw are what Raw is made of
// (see rawOf). It reports whether the collection is one it reads; errors
// are left in r.d.
func (r *reader) value(did, coll, rkey string, rec *fastjson.Value, prefix string, fallback time.Time, whole *fastjson.Value, raw []byte) bool {
	switch coll {
	case nsidPost:
		p := r.post(did, rkey, rec, prefix, fallback)
		if r.d.Err == nil {
			p.Raw = rawOf(whole, raw)
			r.sawAuthor(did)
			r.out = append(r.out, scrutineer.Record{Post: p})
		}
	case nsidRepost:
		p := r.repost(did, rkey, rec, prefix, fallback)
		if r.d.Err == nil {
			p.Raw = rawOf(whole, raw)
			r.sawAuthor(did)
			r.out = append(r.out, scrutineer.Record{Post: p})
		}
	case nsidProfile:
		a := r.profile(did, rec, prefix)
		if r.d.Err == nil {
			a.Raw = rawOf(whole, raw)
			r.sawAccount(a)
		}
	default:
		return false
	}
	return true
}

var errMissing = errors.New("missing")

// createdAt reads a record's time, or takes the fallback.
func (r *reader) createdAt(rec *fastjson.Value, prefix string, fallback time.Time) time.Time {
	t := r.d.Time(rec, prefix, "createdAt")
	if t.IsZero() && r.d.Err == nil {
		if t = fallback; t.IsZero() {
			r.d.Fail(prefix, "createdAt", "missing")
		}
	}
	return t
}

// facet is a link, tag or mention of a post's text, at a byte offset.
type facet struct {
	start int64
	kind  byte // 'l'ink, 't'ag, 'm'ention
	value string
}

func (r *reader) post(did, rkey string, rec *fastjson.Value, prefix string, fallback time.Time) *scrutineer.Post {
	d := &r.d
	handle := r.handleOf(did)
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformBluesky,
		ID:       "at://" + did + "/" + nsidPost + "/" + rkey,
		URL:      postURL(did, handle, rkey),
		Account:  did,
		Handle:   handle,
		Time:     r.createdAt(rec, prefix, fallback),
		Text:     d.Str(rec, prefix, "text"),
	}
	for i, l := range d.Arr(rec, prefix, "langs") {
		s, ok := l.StringBytes()
		if ok != nil {
			d.Fail(prefix, "langs["+strconv.Itoa(i)+"]", "want a string, have %s", l.Type())
			break
		}
		if i == 0 {
			p.Lang = source.String(s)
		}
	}
	r.readFacets(p, rec, prefix)
	if reply := d.Obj(rec, prefix, "reply"); reply != nil {
		rp := jsonfield.Join(prefix, "reply")
		p.ReplyTo = d.Str(d.Obj(reply, rp, "parent"), jsonfield.Join(rp, "parent"), "uri")
		p.Thread = d.Str(d.Obj(reply, rp, "root"), jsonfield.Join(rp, "root"), "uri")
		if a := authority(p.ReplyTo); strings.HasPrefix(a, "did:") {
			p.ReplyToAccount = a
		}
	}
	if e := d.Obj(rec, prefix, "embed"); e != nil {
		r.embed(p, did, e, jsonfield.Join(prefix, "embed"), true)
	}
	if l := d.Obj(rec, prefix, "labels"); l != nil {
		lp := jsonfield.Join(prefix, "labels")
		for i, x := range d.Arr(l, lp, "values") {
			vp := jsonfield.Join(lp, "values["+strconv.Itoa(i)+"]")
			if !d.IsObj(x, vp, "") {
				break
			}
			switch d.Str(x, vp, "val") {
			case "porn", "sexual", "nudity", "graphic-media", "gore":
				p.Sensitive = true
			}
		}
	}
	return p
}

// readFacets reads the links, tags and mentions of a post in the order of
// their place in the text.
func (r *reader) readFacets(p *scrutineer.Post, rec *fastjson.Value, prefix string) {
	d := &r.d
	fs := r.facets[:0]
	for i, f := range d.Arr(rec, prefix, "facets") {
		fp := jsonfield.Join(prefix, "facets["+strconv.Itoa(i)+"]")
		if !d.IsObj(f, fp, "") {
			break
		}
		start := int64(1 << 62) // no place: after the others
		if n, ok := d.Int(d.Obj(f, fp, "index"), jsonfield.Join(fp, "index"), "byteStart"); ok {
			start = n
		}
		for k, ft := range d.Arr(f, fp, "features") {
			kp := jsonfield.Join(fp, "features["+strconv.Itoa(k)+"]")
			if !d.IsObj(ft, kp, "") {
				break
			}
			var x facet
			switch d.Str(ft, kp, "$type") {
			case "app.bsky.richtext.facet#link":
				x = facet{start, 'l', d.Str(ft, kp, "uri")}
			case "app.bsky.richtext.facet#tag":
				x = facet{start, 't', strings.TrimPrefix(d.Str(ft, kp, "tag"), "#")}
			case "app.bsky.richtext.facet#mention":
				x = facet{start, 'm', d.Str(ft, kp, "did")}
			default:
				continue
			}
			if x.value != "" {
				fs = append(fs, x)
			}
		}
	}
	// Insertion sort, stable: posts have a handful of facets, nearly
	// always in order already.
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].start < fs[j-1].start; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	for _, f := range fs {
		switch f.kind {
		case 'l':
			p.URLs = append(p.URLs, f.value)
		case 't':
			p.Hashtags = append(p.Hashtags, f.value)
		case 'm':
			if h := r.handleOf(f.value); h != "" {
				p.Mentions = append(p.Mentions, h)
			} else {
				p.Mentions = append(p.Mentions, f.value)
			}
		}
	}
	clear(fs)
	r.facets = fs[:0]
}

// embed reads a post's embed: images, a video, a link card, a quoted
// record, or a quote with media (withRecord is false inside it).
func (r *reader) embed(p *scrutineer.Post, did string, e *fastjson.Value, prefix string, withRecord bool) {
	d := &r.d
	switch d.Str(e, prefix, "$type") {
	case "app.bsky.embed.images":
		for i, im := range d.Arr(e, prefix, "images") {
			ip := jsonfield.Join(prefix, "images["+strconv.Itoa(i)+"]")
			if !d.IsObj(im, ip, "") {
				break
			}
			cid := blobCID(d, d.Obj(im, ip, "image"), jsonfield.Join(ip, "image"))
			m := scrutineer.Media{Type: "photo", Hash: cid, AltText: d.Str(im, ip, "alt")}
			if cid != "" {
				m.URL = "https://cdn.bsky.app/img/feed_fullsize/plain/" + did + "/" + cid + "@jpeg"
			}
			p.Media = append(p.Media, m)
		}
	case "app.bsky.embed.video":
		cid := blobCID(d, d.Obj(e, prefix, "video"), jsonfield.Join(prefix, "video"))
		m := scrutineer.Media{Type: "video", Hash: cid, AltText: d.Str(e, prefix, "alt")}
		if cid != "" {
			m.URL = "https://video.bsky.app/watch/" + strings.ReplaceAll(did, ":", "%3A") + "/" + cid + "/playlist.m3u8"
		}
		p.Media = append(p.Media, m)
	case "app.bsky.embed.external":
		ep := jsonfield.Join(prefix, "external")
		ext := d.Obj(e, prefix, "external")
		if u := d.Str(ext, ep, "uri"); u != "" && !contains(p.URLs, u) {
			p.URLs = append(p.URLs, u)
		}
		p.Title = d.Str(ext, ep, "title")
	case "app.bsky.embed.record":
		if withRecord {
			if u := d.Str(d.Obj(e, prefix, "record"), jsonfield.Join(prefix, "record"), "uri"); isPostURI(u) {
				p.QuoteOf = u
			}
		}
	case "app.bsky.embed.recordWithMedia":
		if withRecord {
			rp := jsonfield.Join(prefix, "record")
			if u := d.Str(d.Obj(d.Obj(e, prefix, "record"), rp, "record"), jsonfield.Join(rp, "record"), "uri"); isPostURI(u) {
				p.QuoteOf = u
			}
			if m := d.Obj(e, prefix, "media"); m != nil {
				r.embed(p, did, m, jsonfield.Join(prefix, "media"), false)
			}
		}
	}
}

// blobCID returns the CID of a blob: ref.$link, or cid in the legacy form.
func blobCID(d *jsonfield.Decoder, b *fastjson.Value, prefix string) string {
	if b == nil {
		return ""
	}
	if ref := jsonfield.Get(b, "ref"); ref != nil {
		if ref.Type() == fastjson.TypeString {
			return d.Str(b, prefix, "ref")
		}
		return d.Str(d.Obj(b, prefix, "ref"), jsonfield.Join(prefix, "ref"), "$link")
	}
	return d.Str(b, prefix, "cid")
}

func (r *reader) repost(did, rkey string, rec *fastjson.Value, prefix string, fallback time.Time) *scrutineer.Post {
	d := &r.d
	p := &scrutineer.Post{
		Platform: scrutineer.PlatformBluesky,
		ID:       "at://" + did + "/" + nsidRepost + "/" + rkey,
		Account:  did,
		Handle:   r.handleOf(did),
		Time:     r.createdAt(rec, prefix, fallback),
	}
	sp := jsonfield.Join(prefix, "subject")
	p.RepostOf = d.Str(d.Obj(rec, prefix, "subject"), sp, "uri")
	if p.RepostOf == "" {
		d.Fail(sp, "uri", "missing")
	}
	return p
}

func (r *reader) profile(did string, rec *fastjson.Value, prefix string) *scrutineer.Account {
	d := &r.d
	a := &scrutineer.Account{
		Platform:    scrutineer.PlatformBluesky,
		ID:          did,
		Name:        d.Str(rec, prefix, "displayName"),
		Description: d.Str(rec, prefix, "description"),
	}
	if cid := blobCID(d, d.Obj(rec, prefix, "avatar"), jsonfield.Join(prefix, "avatar")); cid != "" {
		a.ImageURL = "https://cdn.bsky.app/img/avatar/plain/" + did + "/" + cid + "@jpeg"
	}
	return a
}

func postURL(did, handle, rkey string) string {
	if handle == "" {
		handle = did
	}
	return "https://bsky.app/profile/" + handle + "/post/" + rkey
}

// authority returns the DID (or handle) of an at:// URI.
func authority(uri string) string {
	rest, ok := strings.CutPrefix(uri, "at://")
	if !ok {
		return ""
	}
	if k := strings.IndexByte(rest, '/'); k >= 0 {
		return rest[:k]
	}
	return rest
}

// splitURI splits at://authority/collection/rkey.
func splitURI(uri string) (auth, coll, rkey string, ok bool) {
	rest, ok := strings.CutPrefix(uri, "at://")
	if !ok {
		return "", "", "", false
	}
	auth, rest, ok1 := strings.Cut(rest, "/")
	coll, rkey, ok2 := strings.Cut(rest, "/")
	if !ok1 || !ok2 || auth == "" || coll == "" || rkey == "" || strings.ContainsAny(rkey, "/?#") {
		return "", "", "", false
	}
	return auth, coll, rkey, true
}

func isPostURI(u string) bool {
	_, coll, _, ok := splitURI(u)
	return ok && coll == nsidPost
}

func validDID(s string) bool {
	return len(s) > 4 && strings.HasPrefix(s, "did:") && !strings.ContainsAny(s, "/?# ")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

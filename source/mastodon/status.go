package mastodon

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// maxIDs bounds the instance-local ids a reader remembers (of statuses and
// of accounts), so that memory does not grow with the input. Past it, new
// ids are not learnt, and replies to them keep the local form.
const maxIDs = 1 << 20

// LocalStatusPrefix marks a post ID made of an instance-local status id
// (in_reply_to_id, a quote given by id) that could not be resolved to the
// status URI because the status is not in the input. (A post naming a
// status not read yet waits for it, and goes out once it is read; past
// maxHeld posts or maxHeldBytes, the oldest go out unresolved.) Status
// URIs are https:// addresses, so these cannot collide with them; they do
// not say which server the id is local to.
const LocalStatusPrefix = "mastodon-status-id:"

// maxDepth bounds the nesting of reblogs and quotes followed.
const maxDepth = 4

// reader is the state of one Read call.
type reader struct {
	file string
	sink source.Sink
	p    fastjson.Parser
	pp   fastjson.Parser // for payloads inside streaming messages
	d    jsonfield.Decoder

	statuses map[string]string // local status id → URI
	accounts map[string]string // local account id → user@server
	out      []scrutineer.Record

	// Posts whose reply or quote names a status by a local id not yet
	// read wait for it (timelines come newest first, so a reply comes
	// before the status it answers), within bounds; see hold.
	holds     []*held            // of the value being read
	seen      []seenStatus       // statuses of the value being read
	waiting   map[string][]*held // local status id → posts waiting for it
	queue     []*held            // waiting posts, oldest first, from qhead
	qhead     int
	queued    int // posts in queue not yet sent
	heldBytes int
}

// held is a post waiting for the status its reply or quote names.
type held struct {
	p            *scrutineer.Post
	reply, quote string // local ids still waited for
	size         int
	sent         bool
}

type seenStatus struct{ id, uri, acct string }

// Bounds of what waits: past them, the oldest waiting posts go out with
// the local ids unresolved.
const (
	maxHeld      = 1 << 16
	maxHeldBytes = 32 << 20
)

func newReader(file string, sink source.Sink) *reader {
	return &reader{file: file, sink: sink, statuses: map[string]string{}, accounts: map[string]string{}}
}

func (r *reader) reject(line int, field string, err error) {
	r.sink.Reject(&source.RowError{File: r.file, Line: line, Field: field, Err: err})
}

// parse parses one value. fastjson takes some invalid JSON (control bytes
// in strings, bad escapes), so what it takes is validated too: Raw must
// be JSON. Parsing first bounds the depth validation recurses to.
func parse(p *fastjson.Parser, raw []byte) (*fastjson.Value, error) {
	v, err := p.ParseBytes(raw)
	if err == nil {
		err = source.ValidateJSON(raw)
	}
	return v, err
}

// top reads a status, or an array of statuses, that is a whole value;
// raw is its JSON.
func (r *reader) top(raw []byte, line int) error {
	v, err := parse(&r.p, raw)
	if err != nil {
		r.reject(line, "", err)
		return nil
	}
	if a, err := v.Array(); err == nil {
		// An array inside a JSON Lines file: a page of a timeline.
		for i, x := range a {
			if err := r.status(x, nil, line, "["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		return nil
	}
	return r.status(v, raw, line, "")
}

// status reads a top-level status and gives its records to the sink, or
// rejects it whole.
func (r *reader) status(v *fastjson.Value, raw []byte, line int, prefix string) error {
	r.d = jsonfield.Decoder{}
	if v.Type() != fastjson.TypeObject {
		r.reject(line, prefix, errors.New("want a status object, have "+v.Type().String()))
		return nil
	}
	r.read(v, raw, prefix, 0)
	if r.d.Err != nil {
		clear(r.out)
		r.out = r.out[:0]
		clear(r.holds)
		r.holds = r.holds[:0]
		r.reject(line, r.d.Err.Field, r.d.Err.Err)
		return r.resolve()
	}
	for _, rec := range r.out {
		if rec.Post != nil && r.isHeld(rec.Post) {
			continue
		}
		if err := r.sink.Record(rec); err != nil {
			return err
		}
	}
	clear(r.out)
	r.out = r.out[:0]
	for _, h := range r.holds {
		if err := r.hold(h); err != nil {
			return err
		}
	}
	clear(r.holds)
	r.holds = r.holds[:0]
	return r.resolve()
}

func (r *reader) isHeld(p *scrutineer.Post) bool {
	for _, h := range r.holds {
		if h.p == p {
			return true
		}
	}
	return false
}

// hold makes a post wait, sending the oldest waiting ones when there are
// too many.
func (r *reader) hold(h *held) error {
	if r.waiting == nil {
		r.waiting = map[string][]*held{}
	}
	for _, id := range [2]string{h.reply, h.quote} {
		if id != "" {
			r.waiting[id] = append(r.waiting[id], h)
		}
	}
	r.queue = append(r.queue, h)
	r.queued++
	r.heldBytes += h.size
	for r.queued > maxHeld || r.heldBytes > maxHeldBytes {
		if err := r.release(r.queue[r.qhead]); err != nil {
			return err
		}
		r.trim()
	}
	return nil
}

// trim drops the sent posts at the head of the queue, moving the rest
// down only once the dropped part is the larger, so that trimming stays
// linear over the input.
func (r *reader) trim() {
	for r.qhead < len(r.queue) && r.queue[r.qhead].sent {
		r.queue[r.qhead] = nil
		r.qhead++
	}
	if r.qhead == len(r.queue) {
		r.queue, r.qhead = r.queue[:0], 0
	} else if r.qhead > 1024 && r.qhead > len(r.queue)/2 {
		n := copy(r.queue, r.queue[r.qhead:])
		clear(r.queue[n:])
		r.queue, r.qhead = r.queue[:n], 0
	}
}

// release sends a waiting post as it is.
func (r *reader) release(h *held) error {
	if h.sent {
		return nil
	}
	h.sent = true
	r.queued--
	r.heldBytes -= h.size
	for _, id := range [2]string{h.reply, h.quote} {
		if id == "" {
			continue
		}
		ws := r.waiting[id][:0]
		for _, x := range r.waiting[id] {
			if x != h {
				ws = append(ws, x)
			}
		}
		if len(ws) == 0 {
			delete(r.waiting, id)
		} else {
			r.waiting[id] = ws
		}
	}
	return r.sink.Record(scrutineer.Record{Post: h.p})
}

// resolve gives the statuses just read to the posts waiting for them, and
// sends those that wait no more.
func (r *reader) resolve() error {
	defer func() {
		clear(r.seen)
		r.seen = r.seen[:0]
	}()
	if len(r.waiting) == 0 {
		return nil
	}
	for _, s := range r.seen {
		for _, h := range r.waiting[s.id] {
			if h.reply == s.id {
				h.p.ReplyTo, h.reply = s.uri, ""
				if h.p.ReplyToAccount == "" {
					h.p.ReplyToAccount = s.acct
				}
			}
			if h.quote == s.id {
				h.p.QuoteOf, h.quote = s.uri, ""
			}
		}
		for _, h := range r.waiting[s.id] {
			if h.reply == "" && h.quote == "" {
				if err := r.release(h); err != nil {
					return err
				}
			}
		}
	}
	r.trim()
	return nil
}

// flush sends the posts still waiting, at the end of the input.
func (r *reader) flush() error {
	for _, h := range r.queue[r.qhead:] {
		if err := r.release(h); err != nil {
			return err
		}
	}
	r.queue, r.qhead = nil, 0
	return nil
}

// read adds the records of status v: its author, itself, then the
// reblogged and quoted statuses it carries. It returns the status URI.
func (r *reader) read(v *fastjson.Value, raw []byte, prefix string, depth int) string {
	d := &r.d
	p := &scrutineer.Post{Platform: scrutineer.PlatformMastodon}
	p.ID = d.Str(v, prefix, "uri")
	if d.Err == nil && p.ID == "" {
		d.Fail(prefix, "uri", "missing")
	}
	localID := d.Str(v, prefix, "id")
	p.URL = d.Str(v, prefix, "url")
	p.Time = d.Time(v, prefix, "created_at")
	if d.Err == nil && p.Time.IsZero() {
		d.Fail(prefix, "created_at", "missing")
	}
	ap := jsonfield.Join(prefix, "account")
	accV := d.Obj(v, prefix, "account")
	if d.Err == nil && accV == nil {
		d.Fail(ap, "", "missing")
	}
	if d.Err != nil {
		return ""
	}
	acc := r.account(accV, ap, member(raw, "account"))
	if d.Err != nil {
		return ""
	}
	p.Account, p.Handle = acc.ID, acc.ID
	if localID != "" {
		if len(r.statuses) < maxIDs {
			r.statuses[localID] = p.ID
		}
		r.seen = append(r.seen, seenStatus{localID, p.ID, p.Account})
	}

	// Mentions first: they may name the account replied to.
	mp := jsonfield.Join(prefix, "mentions")
	for i, m := range d.Arr(v, prefix, "mentions") {
		ip := "[" + strconv.Itoa(i) + "]"
		if !d.IsObj(m, mp, ip) {
			return ""
		}
		ip = jsonfield.Join(mp, ip)
		acct := d.Str(m, ip, "acct")
		if acct == "" {
			continue
		}
		if !strings.Contains(acct, "@") {
			if h := host(d.Str(m, ip, "url")); h != "" {
				acct += "@" + h
			}
		}
		if id := d.Str(m, ip, "id"); id != "" && len(r.accounts) < maxIDs {
			r.accounts[id] = acct
		}
		p.Mentions = append(p.Mentions, acct)
	}
	tp := jsonfield.Join(prefix, "tags")
	for i, t := range d.Arr(v, prefix, "tags") {
		ip := "[" + strconv.Itoa(i) + "]"
		if !d.IsObj(t, tp, ip) {
			return ""
		}
		if name := strings.TrimPrefix(d.Str(t, jsonfield.Join(tp, ip), "name"), "#"); name != "" {
			p.Hashtags = append(p.Hashtags, name)
		}
	}

	if id := d.Str(v, prefix, "in_reply_to_id"); id != "" {
		p.ReplyTo = r.statusID(id)
	}
	if id := d.Str(v, prefix, "in_reply_to_account_id"); id != "" {
		p.ReplyToAccount = r.accounts[id]
	}
	p.Lang = d.Str(v, prefix, "language")
	p.Sensitive, _ = d.Bool(v, prefix, "sensitive")
	spoiler := d.Str(v, prefix, "spoiler_text")
	p.Text, p.URLs = htmlText(d.Str(v, prefix, "content"), nil)
	if spoiler != "" {
		// The content warning is part of what the author wrote, and what
		// readers see first.
		p.Sensitive = true
		if p.Text != "" {
			p.Text = spoiler + "\n\n" + p.Text
		} else {
			p.Text = spoiler
		}
	}
	if card := d.Obj(v, prefix, "card"); card != nil {
		cp := jsonfield.Join(prefix, "card")
		if u := d.Str(card, cp, "url"); u != "" && !contains(p.URLs, u) {
			p.URLs = append(p.URLs, u)
		}
		p.Title = d.Str(card, cp, "title")
	}
	if app := d.Obj(v, prefix, "application"); app != nil {
		p.Source = d.Str(app, jsonfield.Join(prefix, "application"), "name")
	}
	mp = jsonfield.Join(prefix, "media_attachments")
	for i, m := range d.Arr(v, prefix, "media_attachments") {
		ip := "[" + strconv.Itoa(i) + "]"
		if !d.IsObj(m, mp, ip) {
			return ""
		}
		ip = jsonfield.Join(mp, ip)
		med := scrutineer.Media{URL: d.Str(m, ip, "url"), AltText: d.Str(m, ip, "description"), Hash: d.Str(m, ip, "blurhash")}
		if med.URL == "" {
			med.URL = d.Str(m, ip, "remote_url")
		}
		switch d.Str(m, ip, "type") {
		case "image":
			med.Type = "photo"
		case "gifv":
			med.Type = "gif"
		case "video":
			med.Type = "video"
		case "audio":
			med.Type = "audio"
		default:
			med.Type = "document"
		}
		p.Media = append(p.Media, med)
	}
	p.Likes = d.Count(v, prefix, "favourites_count")
	p.Reposts = d.Count(v, prefix, "reblogs_count")
	p.Replies = d.Count(v, prefix, "replies_count")
	p.Quotes = d.Count(v, prefix, "quotes_count")
	if d.Err != nil {
		return ""
	}
	if raw != nil {
		p.Raw = bytes.Clone(raw)
	} else {
		p.Raw = source.AppendValue(nil, v)
	}
	r.out = append(r.out, scrutineer.Record{Account: acc}, scrutineer.Record{Post: p})

	if rb := d.Obj(v, prefix, "reblog"); rb != nil && depth < maxDepth {
		p.RepostOf = r.read(rb, member(raw, "reblog"), jsonfield.Join(prefix, "reblog"), depth+1)
	}
	if q := d.Obj(v, prefix, "quote"); q != nil && depth < maxDepth {
		p.QuoteOf = r.quote(q, member(raw, "quote"), jsonfield.Join(prefix, "quote"), depth)
	}
	reply, _ := strings.CutPrefix(p.ReplyTo, LocalStatusPrefix)
	quote, _ := strings.CutPrefix(p.QuoteOf, LocalStatusPrefix)
	if reply != p.ReplyTo || quote != p.QuoteOf {
		if reply == p.ReplyTo {
			reply = ""
		}
		if quote == p.QuoteOf {
			quote = ""
		}
		r.holds = append(r.holds, &held{p: p, reply: reply, quote: quote, size: len(p.Raw) + len(p.Text) + 512})
	}
	return p.ID
}

// quote reads a quote: Mastodon 4.4's {"state", "quoted_status"} or
// {"state", "quoted_status_id"}, or a status itself as some other servers
// give it. It returns the quoted post's ID ("" when none is given, as
// for a quote whose status was deleted).
func (r *reader) quote(q *fastjson.Value, raw []byte, prefix string, depth int) string {
	d := &r.d
	if jsonfield.Get(q, "uri") != nil && jsonfield.Get(q, "account") != nil {
		return r.read(q, raw, prefix, depth+1)
	}
	if s := d.Obj(q, prefix, "quoted_status"); s != nil {
		return r.read(s, member(raw, "quoted_status"), jsonfield.Join(prefix, "quoted_status"), depth+1)
	}
	if id := d.Str(q, prefix, "quoted_status_id"); id != "" {
		return r.statusID(id)
	}
	return ""
}

// statusID resolves an instance-local status id to the status URI when the
// status was read, else keeps it in a form that cannot collide with one.
func (r *reader) statusID(id string) string {
	if uri, ok := r.statuses[id]; ok {
		return uri
	}
	return LocalStatusPrefix + id
}

// account reads an Account entity.
func (r *reader) account(v *fastjson.Value, prefix string, raw []byte) *scrutineer.Account {
	d := &r.d
	a := &scrutineer.Account{Platform: scrutineer.PlatformMastodon}
	acct := d.Str(v, prefix, "acct")
	if acct == "" {
		acct = d.Str(v, prefix, "username")
	}
	a.URL = d.Str(v, prefix, "url")
	if d.Err != nil {
		return nil
	}
	if acct == "" {
		d.Fail(prefix, "acct", "missing")
		return nil
	}
	if !strings.Contains(acct, "@") {
		h := host(a.URL)
		if h == "" {
			h = host(d.Str(v, prefix, "uri"))
		}
		if h == "" {
			d.Fail(prefix, "acct", "%s has no server, and the account has no url to take it from", source.Quote(acct))
			return nil
		}
		acct += "@" + h
	}
	a.ID, a.Handle = acct, acct
	if id := d.Str(v, prefix, "id"); id != "" && len(r.accounts) < maxIDs {
		r.accounts[id] = acct
	}
	a.Name = d.Str(v, prefix, "display_name")
	a.Description, _ = htmlText(d.Str(v, prefix, "note"), nil)
	a.ImageURL = d.Str(v, prefix, "avatar")
	if strings.HasSuffix(a.ImageURL, "/avatars/original/missing.png") {
		a.ImageURL = "" // the default picture
	}
	a.Created = d.Time(v, prefix, "created_at")
	a.Followers = d.Count(v, prefix, "followers_count")
	a.Following = d.Count(v, prefix, "following_count")
	a.Posts = d.Count(v, prefix, "statuses_count")
	a.Bot, _ = d.Bool(v, prefix, "bot")
	a.Protected, _ = d.Bool(v, prefix, "locked")
	fp := jsonfield.Join(prefix, "fields")
	for i, f := range d.Arr(v, prefix, "fields") {
		ip := "[" + strconv.Itoa(i) + "]"
		if !d.IsObj(f, fp, ip) {
			return nil
		}
		// The first link among the profile's fields is its website.
		if _, urls := htmlText(d.Str(f, jsonfield.Join(fp, ip), "value"), nil); len(urls) > 0 && a.Website == "" {
			a.Website = urls[0]
		}
	}
	if d.Err != nil {
		return nil
	}
	if raw != nil {
		a.Raw = bytes.Clone(raw)
	} else {
		a.Raw = source.AppendValue(nil, v)
	}
	return a
}

// host returns the host of an http(s) URL, or "".
func host(u string) string {
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(u, "http://"); !ok {
			return ""
		}
	}
	if k := strings.IndexAny(rest, "/?#"); k >= 0 {
		rest = rest[:k]
	}
	if k := strings.LastIndexByte(rest, '@'); k >= 0 {
		rest = rest[k+1:] // user info
	}
	return strings.ToLower(rest)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

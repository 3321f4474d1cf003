// Package telegram reads Telegram Desktop's JSON export (result.json): the
// export of a single chat, and the export of a whole account, whose chats
// are under "chats" and "left_chats". An export is one JSON document that
// can be gigabytes, so it is walked key by key and its messages are parsed
// one at a time.
//
// Conventions: a post's ID is "<chat id>/<message id>" and its Channel the
// chat id, both as the export writes the chat id; an account's ID is the
// peer id as the export gives it in from_id ("user123", "channel456").
// A chat that is a channel becomes an Account "channel<chat id>", the
// from_id its posts carry.
//
// Times: date_unixtime is read when present. Exports before it existed
// give only "date", the wall-clock time of the exporting computer without
// a zone; it is read as UTC, so such times may be off by the exporter's
// offset from UTC.
//
// Forwards: the export names the original sender (forwarded_from,
// forwarded_from_id) but not the original message, so a forward cannot
// point at it with RepostOf. A forward is read as a post of the forwarder
// with the forwarded text, RepostOf left empty, and the original sender
// emitted as an Account; the forward's Raw keeps forwarded_from.
//
// Text comes from text_entities when present, else from text; links and
// text_links (their href) give URLs, hashtags Hashtags and mentions
// Mentions. A mention_name names a user without a username, by user id,
// not by handle, and is left in the text only. via_bot is the Source.
// edited_unixtime has no place in a Post and stays in Raw. Service
// messages (joins, pins, calls) are passed over.
package telegram

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// Format is Telegram Desktop's JSON export.
var Format = source.Format{
	Name:     "telegram-export",
	Platform: scrutineer.PlatformTelegram,
	About:    "Telegram Desktop's JSON export (result.json) of one chat or of a whole account",
	Sniff:    sniff,
	Read:     read,
}

type reader struct {
	s    *scanner
	file string
	sink source.Sink
	p    fastjson.Parser
	err  error // from the sink; it stops the reading
	// seen holds the accounts already emitted, so that a chat's authors
	// are not emitted once per message; it is cleared when it grows, to
	// bound memory (the caller de-duplicates anyway).
	seen map[string]struct{}
	buf  []byte
}

const maxSeen = 1 << 14

func read(r io.Reader, file string, sink source.Sink) error {
	rd := &reader{s: newScanner(r), file: file, sink: sink, seen: make(map[string]struct{})}
	rd.s.skipBOM()
	c, ok := rd.s.skipWS()
	switch {
	case !ok:
	case c != '{':
		rd.reject(rd.s.line, "", errors.New("not a Telegram export: want a JSON object"))
	default:
		rd.chat(true)
	}
	if rd.err != nil {
		return rd.err
	}
	return rd.s.err
}

func (rd *reader) reject(line int, field string, err error) {
	rd.sink.Reject(&source.RowError{File: rd.file, Line: line, Field: field, Err: err})
}

func (rd *reader) record(r scrutineer.Record) bool {
	if rd.err != nil {
		return false
	}
	rd.err = rd.sink.Record(r)
	return rd.err == nil
}

// chatInfo is what a chat says of itself before its messages.
type chatInfo struct {
	name, typ, id string
	emitted       bool // its Account, when it is a channel
}

func (c *chatInfo) channel() bool { return strings.HasSuffix(c.typ, "_channel") }

// cutOff reports the end of the input inside the document.
func (rd *reader) cutOff() {
	if rd.s.err == nil {
		rd.reject(rd.s.line, "", errors.New("document cut off at the end of the input"))
	}
}

// members walks the object at pos, calling fn with each key (its raw
// bytes, quotes included) once the scanner is at the value. It returns
// false when the walk must stop: the input ended, the document is broken
// where no message can be skipped, or the sink failed.
func (rd *reader) members(fn func(key []byte) bool) bool {
	s := rd.s
	s.pos++ // '{'
	var kb [64]byte
	for {
		c, ok := s.skipWS()
		if !ok {
			rd.cutOff()
			return false
		}
		switch c {
		case '}':
			s.pos++
			return true
		case ',':
			s.pos++
			continue
		case '"':
		default:
			rd.reject(s.line, "", fmt.Errorf("want a key, got %q", c))
			return false
		}
		key, line, st := s.value(true)
		if st != complete || len(key) < 2 || key[len(key)-1] != '"' {
			if st == atEOF {
				rd.cutOff()
			} else {
				rd.reject(line, "", errors.New("broken key"))
			}
			return false
		}
		// Copy: reading on may move the buffer. No key that matters is
		// long.
		key = append(kb[:0], key[1:min(len(key)-1, 1+len(kb))]...)
		if c, ok = s.skipWS(); !ok {
			rd.cutOff()
			return false
		}
		if c != ':' {
			rd.reject(s.line, string(bytes.ToValidUTF8(key, nil)), errors.New("want ':' after the key"))
			return false
		}
		s.pos++
		if _, ok = s.skipWS(); !ok {
			rd.cutOff()
			return false
		}
		if !fn(key) || rd.err != nil {
			return false
		}
	}
}

// skip reads past the value at pos.
func (rd *reader) skip() bool {
	_, line, st := rd.s.value(false)
	switch st {
	case atEOF:
		rd.cutOff()
		return false
	case cut:
		rd.reject(line, "", errors.New("broken value"))
		return false
	}
	return true
}

// chat walks a chat object; top is the document itself, which may instead
// be a whole-account export holding chats.
func (rd *reader) chat(top bool) bool {
	var ch chatInfo
	ok := rd.members(func(key []byte) bool {
		switch string(key) {
		case "name", "type", "id":
			return rd.chatField(&ch, string(key))
		case "messages":
			if ch.id == "" {
				rd.reject(rd.s.line, "id", errors.New("messages of a chat whose id is not known (it must come before them)"))
				return rd.skip()
			}
			rd.emitChat(&ch)
			return rd.messages(&ch)
		case "chats", "left_chats":
			if top && rd.s.buf[rd.s.pos] == '{' {
				return rd.members(func(key []byte) bool {
					if string(key) == "list" && rd.s.buf[rd.s.pos] == '[' {
						return rd.list()
					}
					return rd.skip()
				})
			}
		}
		return rd.skip()
	})
	if ok && ch.id != "" {
		rd.emitChat(&ch) // a chat without messages
	}
	return ok && rd.err == nil
}

// array walks the array at s.pos, calling elem at the first byte of each
// element. Stray ':' and '}' are rejected and passed over, or the scan
// would stand still. It reports false when reading must stop.
func (rd *reader) array(what string, elem func(c byte) bool) bool {
	s := rd.s
	s.pos++ // '['
	for {
		c, ok := s.skipWS()
		if !ok {
			rd.cutOff()
			return false
		}
		switch c {
		case ']':
			s.pos++
			return true
		case ',':
			s.pos++
		case ':', '}':
			rd.reject(s.line, "", fmt.Errorf("unexpected %q in %s", c, what))
			s.pos++
		default:
			if !elem(c) {
				return false
			}
		}
	}
}

// list walks an array of chats.
func (rd *reader) list() bool {
	return rd.array("the list of chats", func(c byte) bool {
		if c == '{' {
			return rd.chat(false)
		}
		rd.reject(rd.s.line, "", errors.New("a chat is not a JSON object"))
		return rd.skip()
	})
}

// chatField reads the chat's name, type or id.
func (rd *reader) chatField(ch *chatInfo, key string) bool {
	raw, line, st := rd.s.value(true)
	if st != complete {
		if st == atEOF {
			rd.cutOff()
			return false
		}
		rd.reject(line, key, errors.New("broken value"))
		return st == tooLong
	}
	v, err := rd.p.ParseBytes(raw)
	if err != nil {
		rd.reject(line, key, err)
		return true
	}
	switch key {
	case "id":
		switch v.Type() {
		case fastjson.TypeNumber:
			n, err := v.Int64()
			if err != nil {
				rd.reject(line, key, fmt.Errorf("want an integer, got %s", v.String()))
				return true
			}
			ch.id = strconv.FormatInt(n, 10)
		case fastjson.TypeString:
			id := text(v.GetStringBytes())
			if id == "" || strings.ContainsAny(id, "/ ") {
				rd.reject(line, key, fmt.Errorf("want a chat id, got %s", source.Quote(id)))
				return true
			}
			ch.id = id
		default:
			rd.reject(line, key, wantType("an integer", v))
		}
	case "name", "type":
		var s string
		switch v.Type() {
		case fastjson.TypeString:
			s = text(v.GetStringBytes())
		case fastjson.TypeNull:
		default:
			rd.reject(line, key, wantType("a string", v))
			return true
		}
		if key == "name" {
			ch.name = s
		} else {
			ch.typ = s
		}
	}
	return true
}

// emitChat emits the chat's Account when it is a channel.
func (rd *reader) emitChat(ch *chatInfo) {
	if ch.emitted || !ch.channel() {
		return
	}
	ch.emitted = true
	id := "channel" + ch.id
	raw := append([]byte(`{"name":`), source.AppendJSONString(nil, ch.name)...)
	raw = append(append(raw, `,"type":`...), source.AppendJSONString(nil, ch.typ)...)
	raw = append(append(raw, `,"id":`...), source.AppendJSONString(nil, ch.id)...)
	raw = append(raw, '}')
	rd.seen[id+"\x00"+ch.name] = struct{}{}
	rd.record(scrutineer.Record{Account: &scrutineer.Account{
		Platform: scrutineer.PlatformTelegram,
		ID:       id,
		Name:     ch.name,
		Raw:      raw,
	}})
}

// messages walks a chat's array of messages.
func (rd *reader) messages(ch *chatInfo) bool {
	s := rd.s
	if s.buf[s.pos] != '[' {
		rd.reject(s.line, "messages", errors.New("want an array"))
		return rd.skip()
	}
	return rd.array("the messages", func(byte) bool {
		raw, line, st := s.value(true)
		switch st {
		case complete:
			if s.ctrl {
				rd.reject(line, "", errors.New("invalid JSON: control character in a string"))
				return true
			}
			rd.message(ch, raw, line)
			return rd.err == nil
		case tooLong:
			rd.reject(line, "", fmt.Errorf("message longer than %d MiB", source.MaxRecord>>20))
		case cut:
			rd.reject(line, "", errors.New("message cut off by the next one"))
		case atEOF:
			if s.err == nil {
				rd.reject(line, "", errors.New("message cut off at the end of the input"))
			}
			return false
		}
		return true
	})
}

// fieldError is a message field that cannot be read.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.field + ": " + e.err.Error() }

func fail(field string, err error) error { return &fieldError{field, err} }

// message reads one message and emits its post and accounts.
func (rd *reader) message(ch *chatInfo, raw []byte, line int) {
	if err := rd.messageErr(ch, raw); err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			rd.reject(line, fe.field, fe.err)
		} else {
			rd.reject(line, "", err)
		}
	}
}

func (rd *reader) messageErr(ch *chatInfo, raw []byte) error {
	v, err := rd.p.ParseBytes(raw)
	if err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	if v.Type() != fastjson.TypeObject {
		return errNotObject
	}
	typ, err := str(v, "type")
	if err != nil {
		return fail("type", err)
	}
	if typ != "" && typ != "message" {
		return nil // a service message: a join, a pin, a call
	}
	// The parser is lenient where JSON is not; Raw must be JSON.
	if err := source.ValidateJSON(raw); err != nil {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	post := &scrutineer.Post{Platform: scrutineer.PlatformTelegram, Channel: ch.id}

	x := v.Get("id")
	if x == nil {
		return fail("id", errors.New("missing"))
	}
	id, err := integer(x, false)
	if err != nil {
		return fail("id", err)
	}
	post.ID = ch.id + "/" + strconv.FormatInt(id, 10)

	if x := v.Get("date_unixtime"); x != nil && x.Type() != fastjson.TypeNull {
		if post.Time, err = unixTime(x); err != nil {
			return fail("date_unixtime", err)
		}
	} else {
		date, err := str(v, "date")
		if err != nil {
			return fail("date", err)
		}
		if date == "" {
			return fail("date", errors.New("missing"))
		}
		if post.Time, err = localTime(date); err != nil {
			return fail("date", err)
		}
	}

	from, err := str(v, "from")
	if err != nil {
		return fail("from", err)
	}
	fromID, err := peer(v, "from_id")
	if err != nil {
		return fail("from_id", err)
	}
	if fromID == "" {
		if !ch.channel() {
			return fail("from_id", errors.New("missing: a message without an author"))
		}
		// Early exports leave out the author of a channel's posts: the
		// channel.
		fromID, from = "channel"+ch.id, ch.name
	}
	post.Account = fromID

	if err := rd.text(v, post); err != nil {
		return err
	}

	if x := v.Get("reply_to_message_id"); x != nil && x.Type() != fastjson.TypeNull {
		n, err := integer(x, false)
		if err != nil {
			return fail("reply_to_message_id", err)
		}
		// A reply to a message of another chat names that chat as a peer
		// ("channel123"), whose chat id is the number.
		chat := ch.id
		peerID, err := peer(v, "reply_to_peer_id")
		if err != nil {
			return fail("reply_to_peer_id", err)
		}
		if id := strings.TrimLeft(peerID, "abcdefghijklmnopqrstuvwxyz"); id != "" {
			chat = id
		}
		post.ReplyTo = chat + "/" + strconv.FormatInt(n, 10)
	}

	if err := media(v, post); err != nil {
		return err
	}

	if x := v.Get("reactions"); x != nil && x.Type() != fastjson.TypeNull {
		if x.Type() != fastjson.TypeArray {
			return fail("reactions", wantType("an array", x))
		}
		var sum int64
		for _, r := range x.GetArray() {
			c := r.Get("count")
			if c == nil {
				continue
			}
			n, err := integer(c, false)
			if err != nil || n < 0 {
				return fail("reactions", errors.New("want counts that are integers"))
			}
			sum += min(n, 1<<40) // bounded, so that the sum cannot overflow
		}
		post.Likes = scrutineer.Known(sum)
	}

	bot, err := str(v, "via_bot")
	if err != nil {
		return fail("via_bot", err)
	}
	post.Source = strings.TrimPrefix(bot, "@")

	fwd, err := str(v, "forwarded_from")
	if err != nil {
		return fail("forwarded_from", err)
	}
	fwdID, err := peer(v, "forwarded_from_id")
	if err != nil {
		return fail("forwarded_from_id", err)
	}

	post.Raw = bytes.Clone(raw)
	rd.account(fromID, from)
	if fwdID != "" {
		rd.account(fwdID, fwd)
	}
	rd.record(scrutineer.Record{Post: post})
	return nil
}

// peer reads a peer id: "user123" and "channel456" as given; a number, as
// early exports wrote a user's id, as "user<number>".
func peer(v *fastjson.Value, key string) (string, error) {
	x := v.Get(key)
	if x == nil {
		return "", nil
	}
	switch x.Type() {
	case fastjson.TypeString:
		id := text(x.GetStringBytes())
		if strings.ContainsAny(id, " /") {
			return "", fmt.Errorf("want a peer id, got %s", source.Quote(id))
		}
		return id, nil
	case fastjson.TypeNumber:
		n, err := integer(x, false)
		if err != nil {
			return "", err
		}
		return "user" + strconv.FormatInt(n, 10), nil
	case fastjson.TypeNull:
		return "", nil
	}
	return "", wantType("a string", x)
}

// account emits the account of a peer unless it was emitted lately.
func (rd *reader) account(id, name string) {
	key := id + "\x00" + name
	if _, ok := rd.seen[key]; ok {
		return
	}
	if len(rd.seen) >= maxSeen {
		clear(rd.seen)
	}
	rd.seen[key] = struct{}{}
	raw := append(rd.buf[:0], `{"from_id":`...)
	raw = source.AppendJSONString(raw, id)
	if name != "" {
		raw = append(raw, `,"from":`...)
		raw = source.AppendJSONString(raw, name)
	}
	raw = append(raw, '}')
	rd.buf = raw
	rd.record(scrutineer.Record{Account: &scrutineer.Account{
		Platform: scrutineer.PlatformTelegram,
		ID:       id,
		Name:     name,
		Raw:      bytes.Clone(raw),
	}})
}

// text reads the message's text: text_entities when present (every piece
// an entity, plain text included), else text (a string, or an array of
// strings and entities). Links, hashtags and mentions come from the
// entities.
func (rd *reader) text(v *fastjson.Value, post *scrutineer.Post) error {
	field := "text_entities"
	x := v.Get(field)
	if x == nil || x.Type() == fastjson.TypeNull {
		field = "text"
		x = v.Get(field)
	}
	if x == nil {
		return nil
	}
	switch x.Type() {
	case fastjson.TypeNull:
		return nil
	case fastjson.TypeString:
		post.Text = text(x.GetStringBytes())
		return nil
	case fastjson.TypeArray:
	default:
		return fail(field, wantType("a string or an array", x))
	}
	var b strings.Builder
	for _, e := range x.GetArray() {
		switch e.Type() {
		case fastjson.TypeString:
			b.Write(e.GetStringBytes())
			continue
		case fastjson.TypeObject:
		default:
			return fail(field, wantType("strings and entity objects", e))
		}
		typ, err := str(e, "type")
		if err != nil {
			return fail(field, err)
		}
		t, err := str(e, "text")
		if err != nil {
			return fail(field, err)
		}
		b.WriteString(t)
		switch typ {
		case "link":
			post.URLs = append(post.URLs, t)
		case "text_link":
			href, err := str(e, "href")
			if err != nil {
				return fail(field, err)
			}
			if href != "" {
				post.URLs = append(post.URLs, href)
			}
		case "mention":
			if m := strings.TrimPrefix(t, "@"); m != "" {
				post.Mentions = append(post.Mentions, m)
			}
		case "hashtag":
			if h := strings.TrimPrefix(t, "#"); h != "" {
				post.Hashtags = append(post.Hashtags, h)
			}
		}
	}
	post.Text = b.String()
	if !utf8.ValidString(post.Text) {
		post.Text = strings.ToValidUTF8(post.Text, "\uFFFD")
	}
	return nil
}

// media reads the photo or file a message carries.
func media(v *fastjson.Value, post *scrutineer.Post) error {
	photo, err := str(v, "photo")
	if err != nil {
		return fail("photo", err)
	}
	if photo != "" {
		post.Media = append(post.Media, scrutineer.Media{Type: "photo", URL: path(photo)})
	}
	file, err := str(v, "file")
	if err != nil {
		return fail("file", err)
	}
	kind, err := str(v, "media_type")
	if err != nil {
		return fail("media_type", err)
	}
	mime, err := str(v, "mime_type")
	if err != nil {
		return fail("mime_type", err)
	}
	if file != "" || kind != "" {
		post.Media = append(post.Media, scrutineer.Media{Type: mediaType(kind, mime), URL: path(file)})
	}
	return nil
}

// path is where the export put a file, relative to result.json; "" when
// the file was left out ("(File not included. Change data exporting
// settings to download.)").
func path(p string) string {
	if strings.HasPrefix(p, "(") {
		return ""
	}
	return p
}

// mediaType maps the export's media_type, or failing that the MIME type,
// to a Media type.
func mediaType(kind, mime string) string {
	switch kind {
	case "video_file", "video_message":
		return "video"
	case "animation":
		return "gif"
	case "voice_message", "audio_file":
		return "audio"
	case "sticker":
		// Animated stickers are Lottie files or WebM videos; still ones
		// are WebP images.
		if mime == "application/x-tgsticker" || strings.HasPrefix(mime, "video/") {
			return "gif"
		}
		return "photo"
	}
	switch {
	case strings.HasPrefix(mime, "image/"):
		return "photo"
	case strings.HasPrefix(mime, "video/"):
		return "video"
	case strings.HasPrefix(mime, "audio/"):
		return "audio"
	}
	return "document"
}

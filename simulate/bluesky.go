package simulate

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// WriteBluesky writes the world's Bluesky activity as Jetstream events, one
// JSON object a line, in time order, as a client subscribed to Jetstream
// stores them.
//
// Each account first appears with an identity event (its handle) and a
// commit creating its app.bsky.actor.profile record (rkey "self"), at its
// creation time, or at the start of the period for an older account (the
// stream begins then), and before its first post in any case. Each post
// is then a commit creating an app.bsky.feed.post record, or an
// app.bsky.feed.repost record for a repost:
//
//	{"did":...,"time_us":...,"kind":"commit","commit":{"rev":...,
//	 "operation":"create","collection":...,"rkey":...,"record":{...},"cid":...}}
//
// Post records carry text, createdAt, langs, facets (links, #tags and
// mentions by DID, with UTF-8 byte offsets into the text), a reply with
// root and parent strong references (uri and cid), and an embed: a quoted
// post (app.bsky.embed.record, or recordWithMedia with photos), photos
// (app.bsky.embed.images) or a link card (app.bsky.embed.external) for
// the first link or for a quoted post on another platform. As the Bluesky
// app does, a link is shown shortened in the text (host and the start of
// the path) and given in full by its facet. CIDs are made from the
// records' identities, not from their DAG-CBOR bytes; an image's blob CID
// from its hash, so equal images have equal CIDs.
func WriteBluesky(w io.Writer, wd *World) error {
	if wd == nil {
		return nil
	}
	events, accounts := blueskyEvents(wd)
	err := writeOrdered(w, len(events), 2048, func() chunkEncoder {
		e := &blueskyEncoder{wd: wd, events: events, accounts: accounts}
		return e.encode
	})
	if err != nil {
		return fmt.Errorf("write bluesky: %w", err)
	}
	return nil
}

// bskyAccount is when an account appears in the stream.
type bskyAccount struct {
	at time.Time
	a  int
}

// blueskyEvents orders the stream: post indexes, and -(k+1) for the
// identity and profile of accounts[k], merged by time, accounts first on a
// tie.
func blueskyEvents(wd *World) (events []int32, accounts []bskyAccount) {
	posts := nativePosts(wd, Bluesky)
	first := make([]int32, len(wd.Accounts))
	for a := range first {
		first[a] = -1
	}
	for _, pi := range posts {
		if a := wd.Posts[pi].Account; first[a] < 0 {
			first[a] = pi
		}
	}
	for a := range wd.Accounts {
		if wd.Accounts[a].Platform != Bluesky {
			continue
		}
		t := wd.Accounts[a].Created
		if !wd.Start.IsZero() && (t.IsZero() || t.Before(wd.Start)) {
			t = wd.Start
		}
		if f := first[a]; f >= 0 && (t.IsZero() || !wd.Posts[f].Time.After(t)) {
			// Just before the first post, so that the two commits have
			// different revisions.
			t = wd.Posts[f].Time.Add(-time.Microsecond)
		}
		if t.IsZero() {
			t = time.Unix(0, 0)
		}
		accounts = append(accounts, bskyAccount{t, a})
	}
	slices.SortStableFunc(accounts, func(x, y bskyAccount) int { return x.at.Compare(y.at) })
	events = make([]int32, 0, len(posts)+len(accounts))
	k := 0
	for _, pi := range posts {
		at := wd.Posts[pi].Time
		for k < len(accounts) && !accounts[k].at.After(at) {
			events = append(events, int32(-k-1))
			k++
		}
		events = append(events, pi)
	}
	for ; k < len(accounts); k++ {
		events = append(events, int32(-k-1))
	}
	return events, accounts
}

// blueskyEncoder encodes a run of events; each goroutine has its own.
type blueskyEncoder struct {
	wd       *World
	events   []int32
	accounts []bskyAccount

	find    entityFinder
	handles []string
	text    []byte
	facets  []bskyFacet
}

// bskyFacet is a facet of the text as written, in bytes.
type bskyFacet struct {
	start, end int
	kind       entityKind
	item       int
}

const (
	bskyPostNSID    = "app.bsky.feed.post"
	bskyRepostNSID  = "app.bsky.feed.repost"
	bskyProfileNSID = "app.bsky.actor.profile"
)

func (e *blueskyEncoder) encode(dst []byte, lo, hi int) []byte {
	for k := lo; k < hi; k++ {
		if v := int(e.events[k]); v < 0 {
			dst = e.appendAccount(dst, e.accounts[-v-1], k)
		} else {
			dst = e.appendPost(dst, v)
		}
	}
	return dst
}

// appendAccount appends the identity event and profile commit of an
// account. seq is the event's position in the stream, which orders
// identity events as a relay's sequence numbers do.
func (e *blueskyEncoder) appendAccount(dst []byte, b bskyAccount, seq int) []byte {
	acc := &e.wd.Accounts[b.a]
	t := b.at
	us := t.UnixMicro()

	dst = append(dst, `{"did":`...)
	dst = appendJSONString(dst, acc.ID)
	dst = appendJSONInt(dst, "time_us", us)
	dst = append(dst, `,"kind":"identity","identity":{"did":`...)
	dst = appendJSONString(dst, acc.ID)
	dst = appendJSONField(dst, "handle", acc.Handle)
	dst = appendJSONInt(dst, "seq", int64(seq)+1)
	dst = appendJSONTime(dst, "time", t)
	dst = append(dst, "}}\n"...)

	dst = appendCommitHead(dst, acc.ID, us, bskyProfileNSID, "self")
	dst = append(dst, `{"$type":"app.bsky.actor.profile"`...)
	if acc.ProfileImage != "" || acc.ImageHash != "" {
		h := acc.ImageHash
		if h == "" {
			h = acc.ProfileImage
		}
		dst = appendBlob(appendJSONKey(dst, "avatar"), h)
	}
	dst = appendJSONTime(dst, "createdAt", t)
	if acc.Description != "" {
		dst = appendJSONField(dst, "description", acc.Description)
	}
	if acc.DisplayName != "" {
		dst = appendJSONField(dst, "displayName", acc.DisplayName)
	}
	dst = append(dst, `},"cid":`...)
	dst = appendRecordCID(dst, acc.ID, bskyProfileNSID, "self")
	return append(dst, "}}\n"...)
}

// appendCommitHead appends an event up to the opening of its record.
func appendCommitHead(dst []byte, did string, us int64, nsid, rkey string) []byte {
	dst = append(dst, `{"did":`...)
	dst = appendJSONString(dst, did)
	dst = appendJSONInt(dst, "time_us", us)
	dst = append(dst, `,"kind":"commit","commit":{"rev":"`...)
	// Revisions are TIDs that grow with each commit to a repository; the
	// clock id is fixed per repository.
	dst = appendTID(dst, us, nativeHash(1, did))
	dst = append(dst, `","operation":"create","collection":"`...)
	dst = append(dst, nsid...)
	dst = append(dst, `","rkey":`...)
	dst = appendJSONString(dst, rkey)
	return append(dst, `,"record":`...)
}

// appendRecordCID appends the quoted CID of a record.
func appendRecordCID(dst []byte, did, nsid, rkey string) []byte {
	d := nativeDigest(did, nsid, rkey)
	dst = append(dst, '"')
	dst = appendCID(dst, codecDagCBOR, &d)
	return append(dst, '"')
}

// appendStrongRef appends {"cid":...,"uri":...} for post i.
func (e *blueskyEncoder) appendStrongRef(dst []byte, i int) []byte {
	p := &e.wd.Posts[i]
	did := e.wd.Accounts[p.Account].ID
	dst = append(dst, `{"cid":`...)
	dst = appendRecordCID(dst, did, bskyPostNSID, p.ID)
	dst = append(dst, `,"uri":"at://`...)
	dst = appendJSONBody(dst, did)
	dst = append(dst, "/"+bskyPostNSID+"/"...)
	dst = appendJSONBody(dst, p.ID)
	return append(dst, `"}`...)
}

// appendBlob appends an image blob whose CID comes from the image hash.
func appendBlob(dst []byte, imageHash string) []byte {
	d := blobDigest(imageHash)
	dst = append(dst, `{"$type":"blob","ref":{"$link":"`...)
	dst = appendCID(dst, codecRaw, &d)
	dst = append(dst, `"},"mimeType":"image/jpeg","size":`...)
	// A plausible JPEG size, fixed by the image.
	dst = strconv.AppendUint(dst, 40000+uint64(d[0])<<10|uint64(d[1])<<2, 10)
	return append(dst, '}')
}

func (e *blueskyEncoder) appendPost(dst []byte, i int) []byte {
	wd := e.wd
	p := &wd.Posts[i]
	did := wd.Accounts[p.Account].ID
	us := p.Time.UnixMicro()
	if p.RepostOf >= 0 {
		orig := originalOf(wd, i)
		dst = appendCommitHead(dst, did, us, bskyRepostNSID, p.ID)
		dst = append(dst, `{"$type":"app.bsky.feed.repost"`...)
		dst = appendJSONTime(dst, "createdAt", p.Time)
		dst = e.appendStrongRef(appendJSONKey(dst, "subject"), orig)
		dst = append(dst, `},"cid":`...)
		dst = appendRecordCID(dst, did, bskyRepostNSID, p.ID)
		return append(dst, "}}\n"...)
	}

	parent := refTarget(wd, i, p.ReplyTo, false)
	quote := refTarget(wd, i, p.QuoteOf, true)
	e.buildText(i)

	dst = appendCommitHead(dst, did, us, bskyPostNSID, p.ID)
	dst = append(dst, `{"$type":"app.bsky.feed.post"`...)
	dst = appendJSONTime(dst, "createdAt", p.Time)
	dst = e.appendEmbed(dst, i, quote)
	if len(e.facets) > 0 {
		dst = append(appendJSONKey(dst, "facets"), '[')
		for k, f := range e.facets {
			if k > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"$type":"app.bsky.richtext.facet","features":[{"$type":"app.bsky.richtext.facet#`...)
			switch f.kind {
			case entityURL:
				dst = append(dst, `link","uri":`...)
				dst = appendJSONString(dst, p.URLs[f.item])
			case entityTag:
				dst = append(dst, `tag","tag":`...)
				dst = appendJSONString(dst, p.Hashtags[f.item])
			case entityMention:
				dst = append(dst, `mention","did":`...)
				dst = appendJSONString(dst, wd.Accounts[p.Mentions[f.item]].ID)
			}
			dst = append(dst, `}],"index":{"byteEnd":`...)
			dst = strconv.AppendInt(dst, int64(f.end), 10)
			dst = append(dst, `,"byteStart":`...)
			dst = strconv.AppendInt(dst, int64(f.start), 10)
			dst = append(dst, "}}"...)
		}
		dst = append(dst, ']')
	}
	if p.Lang != "" {
		dst = append(appendJSONKey(dst, "langs"), '[')
		dst = appendJSONString(dst, p.Lang)
		dst = append(dst, ']')
	}
	if parent >= 0 {
		dst = append(appendJSONKey(dst, "reply"), `{"parent":`...)
		dst = e.appendStrongRef(dst, parent)
		dst = append(dst, `,"root":`...)
		dst = e.appendStrongRef(dst, threadRoot(wd, parent))
		dst = append(dst, '}')
	}
	dst = appendJSONKey(dst, "text")
	dst = append(dst, '"')
	dst = appendJSONBody(dst, bytesString(e.text))
	dst = append(dst, `"},"cid":`...)
	dst = appendRecordCID(dst, did, bskyPostNSID, p.ID)
	return append(dst, "}}\n"...)
}

// appendEmbed appends the post's embed, if it has one: a quote of a
// Bluesky post (with the photos, if any), the photos, or a link card.
func (e *blueskyEncoder) appendEmbed(dst []byte, i, quote int) []byte {
	wd := e.wd
	p := &wd.Posts[i]
	native := quote >= 0 && wd.Posts[quote].Platform == Bluesky
	switch {
	case native && len(p.Media) > 0:
		dst = append(appendJSONKey(dst, "embed"), `{"$type":"app.bsky.embed.recordWithMedia","media":`...)
		dst = appendImages(dst, p.Media)
		dst = append(dst, `,"record":{"$type":"app.bsky.embed.record","record":`...)
		dst = e.appendStrongRef(dst, quote)
		return append(dst, "}}"...)
	case native:
		dst = append(appendJSONKey(dst, "embed"), `{"$type":"app.bsky.embed.record","record":`...)
		dst = e.appendStrongRef(dst, quote)
		return append(dst, '}')
	case len(p.Media) > 0:
		return appendImages(appendJSONKey(dst, "embed"), p.Media)
	}
	link := ""
	if quote >= 0 {
		link = postWebURL(wd, quote)
	} else if len(p.URLs) > 0 {
		link = p.URLs[0]
	}
	if link == "" {
		return dst
	}
	dst = append(appendJSONKey(dst, "embed"), `{"$type":"app.bsky.embed.external","external":{"description":"","title":"","uri":`...)
	dst = appendJSONString(dst, link)
	return append(dst, "}}"...)
}

// appendImages appends an app.bsky.embed.images object; Bluesky takes at
// most four images.
func appendImages(dst []byte, media []string) []byte {
	dst = append(dst, `{"$type":"app.bsky.embed.images","images":[`...)
	for k, h := range media[:min(len(media), 4)] {
		if k > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"alt":"","aspectRatio":{"height":675,"width":1200},"image":`...)
		dst = appendBlob(dst, h)
		dst = append(dst, '}')
	}
	return append(dst, "]}"...)
}

// buildText writes post i's text as the Bluesky app posts it into e.text,
// links shortened, and its facets in bytes of that text.
func (e *blueskyEncoder) buildText(i int) {
	wd := e.wd
	p := &wd.Posts[i]
	e.handles = mentionHandles(e.handles[:0], wd, p, Bluesky)
	e.text, e.facets = e.text[:0], e.facets[:0]
	pos := 0
	for _, f := range e.find.find(p.Text, p, e.handles, nil) {
		e.text = append(e.text, p.Text[pos:f.start]...)
		x := bskyFacet{start: len(e.text), kind: f.kind, item: f.item}
		if f.kind == entityURL {
			e.text = appendShortURL(e.text, p.Text[f.start:f.end])
		} else {
			e.text = append(e.text, p.Text[f.start:f.end]...)
		}
		x.end = len(e.text)
		e.facets = append(e.facets, x)
		pos = f.end
	}
	e.text = append(e.text, p.Text[pos:]...)
}

// appendShortURL appends a link as the Bluesky app writes it into a post:
// without its scheme, and with a path (query and fragment included) longer
// than 15 characters cut to 13 and "...".
func appendShortURL(dst []byte, u string) []byte {
	rest := ""
	switch {
	case len(u) > 8 && u[:8] == "https://":
		rest = u[8:]
	case len(u) > 7 && u[:7] == "http://":
		rest = u[7:]
	default:
		return append(dst, u...)
	}
	h := len(rest)
	for k := 0; k < len(rest); k++ {
		if c := rest[k]; c == '/' || c == '?' || c == '#' {
			h = k
			break
		}
	}
	host, path := rest[:h], rest[h:]
	if len(path) >= 1 && path[0] == '/' && (len(path) == 1 || path[1] == '?' || path[1] == '#') {
		path = path[1:] // a bare "/" is not shown
	}
	dst = append(dst, host...)
	if n := codePoints(path); n > 15 {
		cut := 0
		for k := range path {
			if cut == 13 {
				return append(append(dst, path[:k]...), "..."...)
			}
			cut++
		}
	}
	return append(dst, path...)
}

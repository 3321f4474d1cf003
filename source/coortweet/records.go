package coortweet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/object"
	"github.com/scrutineer/scrutineer/source"
)

// RecordsFormat reads a share table (CSV) as posts: each content_id is a
// post by account_id at timestamp_share, and its object goes where its
// kind says (the object_kind column; a table without one is read as
// CooRTweet's own retweet tables, whose objects are the retweeted posts).
// Rows of one post that follow each other make one post. Ids written as
// "platform:id" (as the simulator writes them) give the platform; others
// are X's, where CooRTweet's data come from.
var RecordsFormat = source.Format{
	Name:  "coortweet",
	About: "CooRTweet share tables (object_id, account_id, content_id, timestamp_share[, object_kind]), as posts",
	Sniff: sniffRecords,
	Read:  readRecords,
}

func sniffRecords(name string, head []byte) int {
	line, _, _ := bytes.Cut(bytes.TrimPrefix(head, []byte("\ufeff")), []byte("\n"))
	cols := strings.Split(strings.TrimSpace(string(line)), ",")
	n := 0
	for _, c := range cols {
		switch strings.Trim(c, `"`) {
		case "object_id", "account_id", "content_id", "timestamp_share":
			n++
		}
	}
	if n == 4 {
		return 90
	}
	return 0
}

func readRecords(r io.Reader, file string, sink source.Sink) error {
	cr := source.NewCSVReader(r)
	cr.MaxRecord = source.MaxRecord
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		sink.Reject(&source.RowError{File: file, Line: 1, Err: fmt.Errorf("header: %w", err)})
		return nil
	}
	// The reader's fields alias its buffer: keep copies of the names.
	header = slices.Clone(header)
	col := map[string]int{}
	for i, h := range header {
		header[i] = strings.Clone(strings.TrimSpace(h))
		col[header[i]] = i
	}
	var missing []string
	for _, c := range []string{"object_id", "account_id", "content_id", "timestamp_share"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		sink.Reject(&source.RowError{File: file, Line: 1, Field: strings.Join(missing, ", "), Err: ErrMissingColumn})
		return nil
	}
	kindCol, hasKind := col["object_kind"]
	cContent, cAccount, cObject, cTime := col["content_id"], col["account_id"], col["object_id"], col["timestamp_share"]
	enc := source.NewRowEncoder(header)
	var cur *scrutineer.Post
	flush := func() error {
		if cur == nil {
			return nil
		}
		p := cur
		cur = nil
		return sink.Record(scrutineer.Record{Post: p})
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return flush()
		}
		line := cr.Line()
		if err != nil {
			var pe *source.RowError
			if errors.As(err, &pe) || errors.Is(err, source.ErrQuote) {
				sink.Reject(&source.RowError{File: file, Line: line, Err: err})
				if errors.Is(err, source.ErrQuote) {
					return flush() // an unclosed quote runs to the end
				}
				continue
			}
			if e := flush(); e != nil {
				return e
			}
			return fmt.Errorf("%s: %w", file, err)
		}
		get := func(c int) string {
			if c < len(rec) {
				return strings.TrimSpace(rec[c])
			}
			return ""
		}
		content, account, obj := get(cContent), get(cAccount), get(cObject)
		kind := object.KindRepost
		if hasKind {
			if kind, err = object.ParseKind(get(kindCol)); err != nil {
				sink.Reject(&source.RowError{File: file, Line: line, Field: "object_kind", Err: err})
				continue
			}
		}
		ns, err := source.ParseTime(get(cTime))
		if err != nil {
			sink.Reject(&source.RowError{File: file, Line: line, Field: "timestamp_share", Err: err})
			continue
		}
		platform, id := splitPlatform(content)
		_, acc := splitPlatform(account)
		if id == "" || acc == "" {
			// "x:" names a platform but no post or account.
			sink.Reject(&source.RowError{File: file, Line: line, Field: "content_id", Err: errors.New("content_id and account_id must not be empty")})
			continue
		}
		if cur == nil || cur.ID != id || cur.Platform != platform {
			if err := flush(); err != nil {
				return err
			}
			// One allocation holds the Raw and the copies of the strings.
			keep := [3]string{id, acc, obj}
			raw := enc.EncodeKeep(rec, keep[:])
			cur = &scrutineer.Post{Platform: platform, ID: keep[0], Account: keep[1],
				Time: time.Unix(0, ns).UTC(), Raw: raw}
			addObject(cur, kind, keep[2])
			continue
		}
		addObject(cur, kind, source.Clone(obj))
	}
}

// splitPlatform reads "x:123" as platform x, id 123; an id without a known
// platform prefix is X's.
func splitPlatform(s string) (scrutineer.Platform, string) {
	if p, id, ok := strings.Cut(s, ":"); ok {
		// The constant, not p: p is a view of the reader's buffer.
		for _, pl := range scrutineer.Platforms() {
			if string(pl) == p {
				return pl, id
			}
		}
	}
	return scrutineer.PlatformX, s
}

// addObject adds obj, which the post may keep (a copy, not a view of the
// reader's buffer), as its kind says.
func addObject(p *scrutineer.Post, kind object.Kind, obj string) {
	if obj == "" {
		return
	}
	_, ref := splitPlatform(obj)
	switch kind {
	case object.KindURL, object.KindGeneric:
		p.URLs = append(p.URLs, obj)
	case object.KindDomain:
		// A domain is derived from the post's links; it adds nothing.
	case object.KindHashtag:
		p.Hashtags = append(p.Hashtags, strings.TrimPrefix(obj, "#"))
	case object.KindRepost:
		p.RepostOf = ref
	case object.KindReply:
		p.ReplyTo = ref
	case object.KindMention:
		_, h := splitPlatform(obj)
		p.Mentions = append(p.Mentions, strings.TrimPrefix(h, "@"))
	case object.KindText:
		p.Text = obj
	case object.KindMedia:
		p.Media = append(p.Media, scrutineer.Media{Type: "photo", Hash: obj})
	}
}

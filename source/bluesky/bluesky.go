// Package bluesky reads Bluesky data: Jetstream events and repository
// records (com.atproto.repo.listRecords pages, or their records one a
// line). Posts, reposts, profiles, identity and account events are read;
// likes, follows, blocks and lists are passed over, as are deletions.
package bluesky

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

// FormatJetstream reads Jetstream events as JSON Lines.
var FormatJetstream = source.Format{
	Name:     "bluesky-jetstream",
	Platform: scrutineer.PlatformBluesky,
	About:    "Bluesky Jetstream events (JSON Lines): posts, reposts, profiles, identity and account events",
	Sniff:    sniffJetstream,
	Read:     readJetstream,
}

// FormatRecords reads repository records: listRecords responses, or
// {"uri","cid","value"} objects one a line or in an array.
var FormatRecords = source.Format{
	Name:     "bluesky-records",
	Platform: scrutineer.PlatformBluesky,
	About:    "Bluesky repository records (com.atproto.repo.listRecords pages or JSON Lines of uri, cid, value)",
	Sniff:    sniffRecords,
	Read:     readRecords,
}

// normalized says whether head is Scrutineer's own records, whose raw
// members hold what the platform gave and so its keys.
func normalized(head []byte) bool {
	return hasKey(head, "record") && hasKey(head, "platform")
}

func sniffJetstream(name string, head []byte) int {
	if normalized(head) || !bytes.Contains(head, []byte(`did:`)) || !hasKey(head, "did") {
		return 0
	}
	score := 0
	if hasKey(head, "time_us") {
		score += 40
	}
	if hasKey(head, "kind") && (bytes.Contains(head, []byte(`"commit"`)) || bytes.Contains(head, []byte(`"identity"`)) || bytes.Contains(head, []byte(`"account"`))) {
		score += 40
	}
	if bytes.Contains(head, []byte(`"app.bsky.`)) {
		score += 15
	}
	if score < 40 {
		return 0
	}
	if strings.Contains(strings.ToLower(name), "jetstream") {
		score += 5
	}
	return min(score, 100)
}

func sniffRecords(name string, head []byte) int {
	if normalized(head) || !bytes.Contains(head, []byte(`"at://`)) || !hasKey(head, "uri") || !hasKey(head, "value") {
		return 0
	}
	if hasKey(head, "time_us") || hasKey(head, "kind") && hasKey(head, "commit") {
		return 0 // Jetstream events, whose records hold at:// URIs too
	}
	score := 60
	if hasKey(head, "records") {
		score += 20
	}
	if hasKey(head, "cid") {
		score += 10
	}
	if bytes.Contains(head, []byte(`"app.bsky.`)) {
		score += 10
	}
	return min(score, 100)
}

// hasKey reports whether head has "key" followed by a colon.
func hasKey(head []byte, key string) bool {
	q := make([]byte, 0, len(key)+2)
	q = append(append(append(q, '"'), key...), '"')
	for rest := head; ; {
		i := bytes.Index(rest, q)
		if i < 0 {
			return false
		}
		rest = rest[i+len(q):]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == '\r' || rest[j] == '\n') {
			j++
		}
		if j < len(rest) && rest[j] == ':' {
			return true
		}
	}
}

func readRecords(r io.Reader, file string, sink source.Sink) error {
	rd := newReader(file, sink)
	err := source.JSONElements(r, file, func(raw []byte, line int) error {
		v := rd.parse(raw, line)
		if v == nil {
			return nil
		}
		if v.Type() != fastjson.TypeObject {
			rd.reject(line, "", errNotObject)
			return nil
		}
		if recs := jsonfield.Get(v, "records"); recs != nil && jsonfield.Get(v, "uri") == nil {
			a, err := recs.Array()
			if err != nil {
				rd.reject(line, "records", errNotArray)
				return nil
			}
			for i, x := range a {
				if err := rd.repoRecord(x, nil, line, "records["+strconv.Itoa(i)+"]"); err != nil {
					return err
				}
			}
			return nil
		}
		return rd.repoRecord(v, raw, line, "")
	}, sink.Reject)
	if err != nil {
		return err
	}
	return rd.flush()
}

var (
	errNotObject = errorString("want a JSON object")
	errNotArray  = errorString("want an array")
)

type errorString string

func (e errorString) Error() string { return string(e) }

// repoRecord reads {"uri","cid","value"}; raw is its JSON when it is a
// whole top-level value.
func (r *reader) repoRecord(v *fastjson.Value, raw []byte, line int, prefix string) error {
	r.d = jsonfield.Decoder{}
	d := &r.d
	if v.Type() != fastjson.TypeObject {
		r.reject(line, prefix, errNotObject)
		return nil
	}
	uri := d.Str(v, prefix, "uri")
	if d.Err != nil {
		r.rejectDec(line)
		return nil
	}
	did, coll, rkey, ok := splitURI(uri)
	if !ok || !validDID(did) || !validRkey(rkey) {
		r.reject(line, jsonfield.Join(prefix, "uri"), errorString("want at://<did>/<collection>/<rkey>, have "+source.Quote(uri)))
		return nil
	}
	if coll != nsidPost && coll != nsidRepost && coll != nsidProfile {
		return nil
	}
	vp := jsonfield.Join(prefix, "value")
	rec := d.Obj(v, prefix, "value")
	if rec == nil && d.Err == nil {
		d.Fail(vp, "", "missing")
	}
	if d.Err == nil {
		r.value(did, coll, rkey, rec, vp, time.Time{}, v, raw)
	}
	if d.Err != nil {
		clear(r.out)
		r.out = r.out[:0]
		r.rejectDec(line)
		return nil
	}
	return r.send()
}

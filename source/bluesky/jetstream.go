package bluesky

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/jsonfield"
	"github.com/valyala/fastjson"
)

func readJetstream(r io.Reader, file string, sink source.Sink) error {
	rd := newReader(file, sink)
	err := source.JSONElements(r, file, func(raw []byte, line int) error {
		v := rd.parse(raw, line)
		if v == nil {
			return nil
		}
		return rd.event(v, raw, line, "")
	}, sink.Reject)
	if err != nil {
		return err
	}
	return rd.flush()
}

// event reads a Jetstream event. raw is its JSON when it is a whole
// top-level value (nil inside an array).
func (r *reader) event(v *fastjson.Value, raw []byte, line int, prefix string) error {
	r.d = jsonfield.Decoder{}
	d := &r.d
	if v.Type() != fastjson.TypeObject {
		r.reject(line, prefix, fmt.Errorf("want an event object, have %s", v.Type()))
		return nil
	}
	did := d.Str(v, prefix, "did")
	kind := d.Str(v, prefix, "kind")
	if kind == "" {
		// Jetstream's first releases said "type": "com", "id" or "acc".
		switch d.Str(v, prefix, "type") {
		case "com":
			kind = "commit"
		case "id":
			kind = "identity"
		case "acc":
			kind = "account"
		}
	}
	if d.Err != nil {
		r.rejectDec(line)
		return nil
	}
	if !validDID(did) {
		r.reject(line, jsonfield.Join(prefix, "did"), fmt.Errorf("want a DID, have %s", source.Quote(did)))
		return nil
	}
	switch kind {
	case "commit":
		r.commit(v, did, prefix, raw)
	case "identity":
		ip := jsonfield.Join(prefix, "identity")
		id := d.Obj(v, prefix, "identity")
		if id == nil && d.Err == nil {
			d.Fail(ip, "", "missing")
		}
		handle := d.Str(id, ip, "handle")
		if d.Err == nil {
			if handle == "handle.invalid" {
				handle = "" // what the network says when it cannot verify one
			}
			if handle != "" {
				r.sawHandle(did, handle, rawOf(v, raw))
			}
		}
	case "account":
		ap := jsonfield.Join(prefix, "account")
		acc := d.Obj(v, prefix, "account")
		if acc == nil && d.Err == nil {
			d.Fail(ap, "", "missing")
		}
		active, ok := d.Bool(acc, ap, "active")
		status := d.Str(acc, ap, "status")
		if d.Err == nil {
			a := accountRecord(did, "")
			a.Gone = ok && !active && (status == "deleted" || status == "suspended" || status == "takendown")
			a.Raw = rawOf(v, raw)
			r.sawAccount(a)
		}
	case "":
		d.Fail(prefix, "kind", "missing")
	default:
		d.Fail(prefix, "kind", "want commit, identity or account, have %s", source.Quote(kind))
	}
	if d.Err != nil {
		clear(r.out)
		r.out = r.out[:0]
		r.rejectDec(line)
		return nil
	}
	return r.send()
}

// commit reads a commit event; deletions and the collections not read
// are passed over.
func (r *reader) commit(v *fastjson.Value, did, prefix string, raw []byte) {
	d := &r.d
	cp := jsonfield.Join(prefix, "commit")
	c := d.Obj(v, prefix, "commit")
	if c == nil {
		if d.Err == nil {
			d.Fail(cp, "", "missing")
		}
		return
	}
	op := d.Str(c, cp, "operation")
	if op == "" {
		switch d.Str(c, cp, "type") { // the first releases' form
		case "c":
			op = "create"
		case "u":
			op = "update"
		case "d":
			op = "delete"
		}
	}
	coll := d.Str(c, cp, "collection")
	rkey := d.Str(c, cp, "rkey")
	switch {
	case d.Err != nil:
		return
	case coll == "":
		d.Fail(cp, "collection", "missing")
		return
	case rkey == "" || !validRkey(rkey):
		d.Fail(cp, "rkey", "want a record key, have %s", source.Quote(rkey))
		return
	}
	switch op {
	case "delete":
		return
	case "create", "update":
	case "":
		d.Fail(cp, "operation", "missing")
		return
	default:
		d.Fail(cp, "operation", "want create, update or delete, have %s", source.Quote(op))
		return
	}
	if coll != nsidPost && coll != nsidRepost && coll != nsidProfile {
		return
	}
	rec := d.Obj(c, cp, "record")
	if rec == nil {
		if d.Err == nil {
			d.Fail(cp, "record", "missing")
		}
		return
	}
	var fallback time.Time
	if us, ok := d.Int(v, prefix, "time_us"); ok {
		if us <= -math.MaxInt64/1000 || us >= math.MaxInt64/1000 {
			d.Fail(prefix, "time_us", "out of range")
			return
		}
		fallback = time.UnixMicro(us).UTC()
	}
	r.value(did, coll, rkey, rec, jsonfield.Join(cp, "record"), fallback, v, raw)
}

// rawOf returns the JSON of a record to keep: a copy of raw when the
// record is a whole top-level value, else the value written anew.
func rawOf(v *fastjson.Value, raw []byte) []byte {
	if raw != nil {
		return append([]byte(nil), raw...)
	}
	return source.AppendValue(nil, v)
}

// validRkey checks a record key: 1 to 512 characters of A-Za-z0-9 and
// .-_:~, not "." or "..".
func validRkey(s string) bool {
	if len(s) == 0 || len(s) > 512 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':' || c == '~') {
			return false
		}
	}
	return true
}

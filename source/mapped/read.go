package mapped

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// Name is the name of the formats a mapping makes.
const Name = "mapped"

// Format returns the format that reads files as m says. It never claims a
// file on its own: it is chosen by giving the mapping.
func Format(m *Mapping) source.Format {
	fields := compile(m)
	return source.Format{
		Name:     Name,
		Platform: m.Platform,
		About:    "any CSV or JSON Lines, read by a mapping file",
		Sniff:    func(string, []byte) int { return 0 },
		Read: func(r io.Reader, file string, sink source.Sink) error {
			return read(m, fields, r, file, sink)
		},
	}
}

// field is one mapped field, ready to read.
type field struct {
	name    string // as in the mapping ("urls", "account.name")
	target  string // the record field ("urls", "name")
	account bool   // the author's account's, in a post mapping
	kind    int
	source  string   // the column, or the path as written
	path    []string // the path's segments
	col     int      // the column's index, in CSV
}

func compile(m *Mapping) []field {
	var out []field
	own := postFields
	if m.Kind == "account" {
		own = accountFields
	}
	for _, name := range sortedKeys(m.Fields) {
		f := field{name: name, target: name, source: m.Fields[name], col: -1}
		if k, ok := own[name]; ok {
			f.kind = k
		} else {
			f.target = strings.TrimPrefix(name, accountPrefix)
			f.account, f.kind = true, accountFields[f.target]
		}
		f.path = strings.Split(f.source, ".")
		out = append(out, f)
	}
	return out
}

// builder makes the records of one input record.
type builder struct {
	m *Mapping
	// withAccount says the mapping reads the author's account too: every
	// post then comes with one.
	withAccount bool
	post        *scrutineer.Post
	account     *scrutineer.Account // a post's author, or the record itself
	recs        [2]scrutineer.Record
}

func newBuilder(m *Mapping, fields []field) *builder {
	b := &builder{m: m}
	for _, f := range fields {
		b.withAccount = b.withAccount || f.account
	}
	return b
}

func (b *builder) reset() {
	if b.m.Kind == "post" && b.withAccount {
		// One allocation for the post and its author.
		both := &struct {
			p scrutineer.Post
			a scrutineer.Account
		}{p: scrutineer.Post{Platform: b.m.Platform}}
		b.post, b.account = &both.p, &both.a
		return
	}
	if b.m.Kind == "post" {
		b.post = &scrutineer.Post{Platform: b.m.Platform}
		b.account = nil
		return
	}
	b.post, b.account = nil, &scrutineer.Account{Platform: b.m.Platform}
}

// set gives a field its values (one, or several for a list).
func (b *builder) set(f *field, vals []string) error {
	if len(vals) == 0 {
		return nil
	}
	if f.kind != kList && len(vals) > 1 {
		return errors.New("several values for a single field (drop the [] from the path)")
	}
	v := vals[0]
	if f.kind != kList {
		v = strings.TrimSpace(v)
		if v == "" {
			return nil
		}
	}
	if b.post != nil && !f.account {
		return setPost(b.post, f.target, f.kind, v, vals, b.m)
	}
	if b.account == nil {
		b.account = &scrutineer.Account{}
	}
	return setAccount(b.account, f.target, f.kind, v, b.m)
}

// records returns what was built, the author's account first, in a slice
// that the next call reuses.
func (b *builder) records(raw json.RawMessage) ([]scrutineer.Record, error) {
	if b.post == nil {
		a := b.account
		if a.ID == "" {
			return nil, errors.New("id is empty")
		}
		if a.Platform == "" {
			return nil, errors.New("platform is empty")
		}
		a.Raw = raw
		b.recs[0] = scrutineer.Record{Account: a}
		return b.recs[:1], nil
	}
	p := b.post
	switch {
	case p.ID == "":
		return nil, errors.New("id is empty")
	case p.Account == "":
		return nil, errors.New("account is empty")
	case p.Platform == "":
		return nil, errors.New("platform is empty")
	case p.Time.IsZero():
		return nil, errors.New("time is empty")
	}
	p.Raw = raw
	if !b.withAccount {
		b.recs[0] = scrutineer.Record{Post: p}
		return b.recs[:1], nil
	}
	a := b.account
	if a == nil {
		a = &scrutineer.Account{}
	}
	a.Platform, a.ID, a.Handle = p.Platform, p.Account, p.Handle
	a.Raw = raw
	b.recs[0], b.recs[1] = scrutineer.Record{Account: a}, scrutineer.Record{Post: p}
	return b.recs[:2], nil
}

func setPost(p *scrutineer.Post, target string, kind int, v string, vals []string, m *Mapping) error {
	switch kind {
	case kList:
		trim := func(list []string, from int, prefix string) {
			for i := from; i < len(list); i++ {
				list[i] = strings.TrimPrefix(list[i], prefix)
			}
		}
		switch target {
		case "urls":
			p.URLs = splitList(p.URLs, vals, m.ListSeparator)
		case "hashtags":
			n := len(p.Hashtags)
			p.Hashtags = splitList(p.Hashtags, vals, m.ListSeparator)
			trim(p.Hashtags, n, "#")
		case "mentions":
			n := len(p.Mentions)
			p.Mentions = splitList(p.Mentions, vals, m.ListSeparator)
			trim(p.Mentions, n, "@")
		case "withheld_in":
			p.WithheldIn = splitList(p.WithheldIn, vals, m.ListSeparator)
		}
		return nil
	case kTime:
		t, err := parseTime(v, m.TimeLayout)
		p.Time = t
		return err
	case kCount:
		c, err := parseCount(v)
		switch target {
		case "likes":
			p.Likes = c
		case "reposts":
			p.Reposts = c
		case "replies":
			p.Replies = c
		case "quotes":
			p.Quotes = c
		case "views":
			p.Views = c
		}
		return err
	case kBool:
		x, err := parseBool(v)
		if target == "removed" {
			p.Removed = x
		} else {
			p.Sensitive = x
		}
		return err
	case kPlatform:
		pl := scrutineer.Platform(strings.ToLower(v))
		if !pl.Known() {
			return fmt.Errorf("unknown platform %s", source.Quote(v))
		}
		p.Platform = pl
		return nil
	}
	s := v // owned already: see readCSV's EncodeKeep and collect
	switch target {
	case "id":
		p.ID = s
	case "url":
		p.URL = s
	case "account":
		p.Account = s
	case "handle":
		p.Handle = strings.TrimPrefix(s, "@")
	case "text":
		p.Text = s
	case "title":
		p.Title = s
	case "lang":
		p.Lang = s
	case "repost_of":
		p.RepostOf = s
	case "reply_to":
		p.ReplyTo = s
	case "quote_of":
		p.QuoteOf = s
	case "reply_to_account":
		p.ReplyToAccount = s
	case "thread":
		p.Thread = s
	case "channel":
		p.Channel = s
	case "source":
		p.Source = s
	}
	return nil
}

func setAccount(a *scrutineer.Account, target string, kind int, v string, m *Mapping) error {
	switch kind {
	case kTime:
		t, err := parseTime(v, m.TimeLayout)
		a.Created = t
		return err
	case kCount:
		c, err := parseCount(v)
		switch target {
		case "followers":
			a.Followers = c
		case "following":
			a.Following = c
		case "posts":
			a.Posts = c
		}
		return err
	case kBool:
		x, err := parseBool(v)
		switch target {
		case "verified":
			a.Verified = x
		case "bot":
			a.Bot = x
		case "protected":
			a.Protected = x
		case "gone":
			a.Gone = x
		}
		return err
	case kPlatform:
		pl := scrutineer.Platform(strings.ToLower(v))
		if !pl.Known() {
			return fmt.Errorf("unknown platform %s", source.Quote(v))
		}
		a.Platform = pl
		return nil
	}
	s := v
	switch target {
	case "id":
		a.ID = s
	case "handle":
		a.Handle = strings.TrimPrefix(s, "@")
	case "name":
		a.Name = s
	case "description":
		a.Description = s
	case "location":
		a.Location = s
	case "url":
		a.URL = s
	case "website":
		a.Website = s
	case "image_url":
		a.ImageURL = s
	case "lang":
		a.Lang = s
	case "category":
		a.Category = s
	}
	return nil
}

func parseTime(v, layout string) (time.Time, error) {
	if layout != "" {
		t, err := time.Parse(layout, v)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %s does not match %q", source.Quote(v), layout)
		}
		return t.UTC(), nil
	}
	ns, err := source.ParseTime(v)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}

func parseCount(v string) (scrutineer.Count, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		// Spreadsheets write whole numbers as 12.0 and 1e3.
		f, ferr := strconv.ParseFloat(v, 64)
		if ferr != nil || f < 0 || f != float64(int64(f)) || f > 1<<53 {
			return scrutineer.Count{}, fmt.Errorf("count %s is not a whole number", source.Quote(v))
		}
		n = int64(f)
	}
	return scrutineer.Known(n), nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "t", "yes", "y", "1":
		return true, nil
	case "false", "f", "no", "n", "0":
		return false, nil
	}
	return false, fmt.Errorf("%s is not true or false", source.Quote(v))
}

// splitList appends a list field's items to out. Several values (a JSON
// array) are the items; one CSV cell is split.
func splitList(out []string, vals []string, sep string) []string {
	if len(vals) > 1 {
		for _, v := range vals {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	v := strings.TrimSpace(vals[0])
	if sep != "" {
		for x := range strings.SplitSeq(v, sep) {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		var list []string
		if json.Unmarshal([]byte(v), &list) == nil {
			for _, x := range list {
				if x = strings.TrimSpace(x); x != "" {
					out = append(out, x)
				}
			}
			return out
		}
		v = v[1 : len(v)-1] // a Python list: ['a', 'b']
	}
	for x := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if x = strings.Trim(x, `'"`); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func read(m *Mapping, fields []field, r io.Reader, file string, sink source.Sink) error {
	br := bufio.NewReaderSize(r, 64<<10)
	layout := m.Layout
	if layout == "" {
		// A read error here comes again from the reads that follow.
		head, _ := br.Peek(512)
		head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
		layout = "csv"
		if len(head) > 0 && (head[0] == '{' || head[0] == '[') {
			layout = "jsonl"
		}
	}
	if layout == "jsonl" {
		return readJSON(m, fields, br, file, sink)
	}
	return readCSV(m, fields, br, file, sink)
}

func readCSV(m *Mapping, fields []field, r io.Reader, file string, sink source.Sink) error {
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
	header = slices.Clone(header)
	col := map[string]int{}
	for i, h := range header {
		header[i] = strings.Clone(strings.TrimSpace(h))
		col[header[i]] = i
	}
	fields = slices.Clone(fields)
	var missing []string
	for i := range fields {
		c, ok := col[fields[i].source]
		if !ok {
			missing = append(missing, fields[i].source)
		}
		fields[i].col = c
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		sink.Reject(&source.RowError{File: file, Line: 1, Field: strings.Join(slices.Compact(missing), ", "),
			Err: errors.New("the mapping names columns the header lacks")})
		return nil
	}
	b := newBuilder(m, fields)
	enc := source.NewRowEncoder(header)
	used := make([]bool, len(header))
	for _, f := range fields {
		used[f.col] = true
	}
	var cells []string
	var one [1]string
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line := cr.Line()
		if err != nil {
			var pe *source.RowError
			if errors.As(err, &pe) || errors.Is(err, source.ErrQuote) {
				sink.Reject(&source.RowError{File: file, Line: line, Err: err})
				if errors.Is(err, source.ErrQuote) {
					return nil // an unclosed quote runs to the end
				}
				continue
			}
			return fmt.Errorf("%s: %w", file, err)
		}
		b.reset()
		// The cells the mapping reads are copied into the Raw's allocation.
		cells = cells[:0]
		for i, c := range row {
			if i >= len(used) || !used[i] {
				c = ""
			}
			cells = append(cells, c)
		}
		raw := enc.EncodeKeep(row, cells)
		var bad *source.RowError
		for i := range fields {
			f := &fields[i]
			if f.col >= len(row) {
				continue
			}
			one[0] = cells[f.col]
			if err := b.set(f, one[:]); err != nil {
				bad = &source.RowError{File: file, Line: line, Field: f.source, Err: err}
				break
			}
		}
		if bad == nil {
			recs, err := b.records(raw)
			if err != nil {
				bad = &source.RowError{File: file, Line: line, Err: err}
			} else if err := emit(sink, recs); err != nil {
				return err
			}
		}
		if bad != nil {
			sink.Reject(bad)
		}
	}
}

func readJSON(m *Mapping, fields []field, r io.Reader, file string, sink source.Sink) error {
	var p fastjson.Parser
	b := newBuilder(m, fields)
	var vals []string
	return source.JSONElements(r, file, func(raw []byte, line int) error {
		v, err := p.ParseBytes(raw)
		if err != nil {
			sink.Reject(&source.RowError{File: file, Line: line, Err: fmt.Errorf("not JSON: %w", err)})
			return nil
		}
		if v.Type() != fastjson.TypeObject {
			sink.Reject(&source.RowError{File: file, Line: line, Err: fmt.Errorf("%s, not an object", typeName(v.Type()))})
			return nil
		}
		b.reset()
		for i := range fields {
			f := &fields[i]
			vals, err = collect(vals[:0], v, f.path)
			if err == nil {
				err = b.set(f, vals)
			}
			if err != nil {
				sink.Reject(&source.RowError{File: file, Line: line, Field: f.source, Err: err})
				return nil
			}
		}
		// fastjson does not check strings' escapes: keep raw only when valid.
		if source.ValidateJSON(raw) != nil {
			sink.Reject(&source.RowError{File: file, Line: line, Err: errors.New("not valid JSON")})
			return nil
		}
		recs, err := b.records(bytes.Clone(raw))
		if err != nil {
			sink.Reject(&source.RowError{File: file, Line: line, Err: err})
			return nil
		}
		return emit(sink, recs)
	}, sink.Reject)
}

// collect appends the scalar values at path in v: none when the path leads
// nowhere or to null, several when it goes through an array ("key[]").
func collect(dst []string, v *fastjson.Value, path []string) ([]string, error) {
	if len(path) == 0 {
		switch v.Type() {
		case fastjson.TypeNull:
			return dst, nil
		case fastjson.TypeString:
			return append(dst, source.String(v.GetStringBytes())), nil
		case fastjson.TypeNumber, fastjson.TypeTrue, fastjson.TypeFalse:
			// The number as written: ids stay exact, never floats.
			return append(dst, string(v.MarshalTo(nil))), nil
		case fastjson.TypeArray:
			for _, x := range v.GetArray() {
				var err error
				if dst, err = collect(dst, x, nil); err != nil {
					return dst, err
				}
			}
			return dst, nil
		}
		return dst, errors.New("an object, not a value (name a key inside it)")
	}
	key, each := strings.CutSuffix(path[0], "[]")
	x := v
	if key != "" {
		if x = v.Get(key); x == nil {
			return dst, nil
		}
	}
	if !each {
		return collect(dst, x, path[1:])
	}
	if x.Type() == fastjson.TypeNull {
		return dst, nil
	}
	if x.Type() != fastjson.TypeArray {
		return dst, fmt.Errorf("%s is %s, not an array", key, typeName(x.Type()))
	}
	for _, e := range x.GetArray() {
		var err error
		if dst, err = collect(dst, e, path[1:]); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func emit(sink source.Sink, recs []scrutineer.Record) error {
	for _, r := range recs {
		if err := sink.Record(r); err != nil {
			return err
		}
	}
	return nil
}

func typeName(t fastjson.Type) string {
	switch t {
	case fastjson.TypeObject:
		return "an object"
	case fastjson.TypeArray:
		return "an array"
	case fastjson.TypeString:
		return "a string"
	case fastjson.TypeNumber:
		return "a number"
	case fastjson.TypeNull:
		return "null"
	}
	return "a boolean"
}

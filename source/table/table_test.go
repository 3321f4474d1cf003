package table_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/table"
)

// rejects is a sink that keeps the rejections; tables send it no records.
type rejects []*source.RowError

func (r *rejects) Record(scrutineer.Record) error { return nil }
func (r *rejects) Reject(e *source.RowError)      { *r = append(*r, e) }

func TestColumns(t *testing.T) {
	var sink rejects
	tb, err := table.New(strings.NewReader(" ID ,Text,text,extra\n"), "f.csv", &sink)
	if tb == nil || err != nil {
		t.Fatalf("New: %v, %v", tb, err)
	}
	for _, tc := range []struct {
		name string
		want int
	}{
		{"ID", 0},   // spaces around a name are dropped
		{"id", 0},   // any case
		{"text", 2}, // the exact name first
		{"TEXT", 1}, // else the first of any case
		{"missing", -1},
	} {
		if got := tb.Col(tc.name); got != tc.want {
			t.Errorf("Col(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
	if got := tb.Cols("extra", "missing", "id"); !slices.Equal(got, []int{3, -1, 0}) {
		t.Errorf("Cols = %v", got)
	}
	if !tb.Has("id", "extra") || tb.Has("id", "missing") || !tb.Has() {
		t.Error("Has is wrong")
	}
	if got := tb.Mask([]int{3, -1, 0}); !slices.Equal(got, []bool{true, false, false, true}) {
		t.Errorf("Mask = %v", got)
	}
	if !tb.Require("ID", "Text") || len(sink) != 0 {
		t.Fatalf("Require of present columns: rejects %v", sink)
	}
	if tb.Require("ID", "a", "b") {
		t.Fatal("Require of missing columns is true")
	}
	if len(sink) != 1 {
		t.Fatalf("%d rejections, want 1", len(sink))
	}
	if e := sink[0]; e.File != "f.csv" || e.Line != 1 || e.Field != "a, b" || !errors.Is(e, table.ErrMissingColumn) {
		t.Errorf("rejection %+v: %v", e, e)
	}
}

func TestNext(t *testing.T) {
	in := "id,text,n\n" +
		"1,\"hi, \"\"you\"\"\",2\n" + // line 2
		"2,short\n" + // line 3: too few fields
		"3,\"two\nlines\",4,,\n" + // line 4: trailing empty fields are let be
		"4,x,5,extra\n" + // line 6: too many fields
		"5,\"cut off"
	var sink rejects
	tb, err := table.New(strings.NewReader(in), "f.csv", &sink)
	if tb == nil || err != nil {
		t.Fatalf("New: %v, %v", tb, err)
	}
	type row struct {
		line int
		raw  string
	}
	var rows []row
	for {
		rec, line, ok, err := tb.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		raw, valid := tb.Raw(rec, nil)
		if !valid {
			t.Errorf("line %d: not valid", line)
		}
		rows = append(rows, row{line, string(raw)})
	}
	want := []row{
		{2, `{"id":"1","text":"hi, \"you\"","n":"2"}`},
		{4, `{"id":"3","text":"two\nlines","n":"4"}`},
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows %v, want %v", rows, want)
	}
	var lines []int
	for _, e := range sink {
		lines = append(lines, e.Line)
	}
	if !slices.Equal(lines, []int{3, 6, 7}) {
		t.Errorf("rejected lines %v, want [3 6 7]: %v", lines, sink)
	}
	if len(sink) == 3 && !errors.Is(sink[2], source.ErrQuote) {
		t.Errorf("a cut-off quote: %v", sink[2])
	}
}

func TestNew(t *testing.T) {
	var sink rejects
	if tb, err := table.New(strings.NewReader(""), "f", &sink); tb != nil || err != nil || len(sink) != 0 {
		t.Errorf("empty input: %v, %v, %v", tb, err, sink)
	}
	if tb, err := table.New(strings.NewReader(`a,"b`), "f", &sink); tb != nil || err != nil || len(sink) != 1 || sink[0].Line != 1 {
		t.Errorf("unreadable header: %v, %v, %v", tb, err, sink)
	}
	disk := errors.New("disk")
	if tb, err := table.New(&failing{"", disk}, "f", &sink); tb != nil || err != disk {
		t.Errorf("I/O error in the header: %v, %v", tb, err)
	}
	tb, err := table.New(&failing{"a,b\n1,2\n3,", disk}, "f", &sink)
	if tb == nil || err != nil {
		t.Fatalf("New: %v, %v", tb, err)
	}
	if _, _, ok, err := tb.Next(); !ok || err != nil {
		t.Fatalf("first row: %v, %v", ok, err)
	}
	if _, _, ok, err := tb.Next(); ok || err != disk {
		t.Errorf("I/O error in a row: %v, %v", ok, err)
	}
}

// failing reads s, then fails with err.
type failing struct {
	s   string
	err error
}

func (f *failing) Read(p []byte) (int, error) {
	if f.s == "" {
		return 0, f.err
	}
	n := copy(p, f.s)
	f.s = f.s[n:]
	return n, nil
}

func TestRaw(t *testing.T) {
	var sink rejects
	tb, _ := table.New(strings.NewReader("id,name,\"te\"\"xt\",bio\n"), "f", &sink)
	rec := []string{"1", "Ann", "a\tb\x01", "bad \xff"}
	raw, valid := tb.Raw(rec, []int{2, -1, 0})
	if want := `{"te\"xt":"a\tb\u0001","id":"1"}`; string(raw) != want || !valid {
		t.Errorf("Raw = %s, %v; want %s, true", raw, valid, want)
	}
	raw, valid = tb.Raw(rec, nil)
	if want := `{"id":"1","name":"Ann","te\"xt":"a\tb\u0001","bio":"bad \ufffd"}`; string(raw) != want || valid {
		t.Errorf("Raw = %s, %v; want %s, false", raw, valid, want)
	}
	all, sub, ends, valid := tb.RawPair(rec, tb.Mask([]int{0, 3}), nil)
	if string(all) != string(raw) || string(sub) != `{"id":"1","bio":"bad \ufffd"}` || valid {
		t.Errorf("RawPair = %s, %s, %v", all, sub, valid)
	}
	if _, sub, _, valid = tb.RawPair([]string{"2", "", "", ""}, tb.Mask(nil), ends); string(sub) != "{}" || !valid {
		t.Errorf("RawPair of no columns = %s, %v", sub, valid)
	}
	for _, b := range [][]byte{raw, all, sub} {
		if !json.Valid(b) {
			t.Errorf("%s is not JSON", b)
		}
	}
}

func TestCopyFields(t *testing.T) {
	rec := []string{" id ", " text ", "", "x"}
	out := make([]string, 4)
	table.CopyFields(rec, []int{0, 1, -1, 2}, out, 1<<1, true)
	if want := []string{"id", " text ", "", ""}; !slices.Equal(out, want) {
		t.Errorf("CopyFields = %q, want %q", out, want)
	}
}

func TestCopyFieldsUTF8(t *testing.T) {
	// Fields that are invalid alone but valid together ("\xc3" + "\xa9").
	rec := []string{"a\xc3", "\xa9b", "ok é", ""}
	out := make([]string, 4)
	table.CopyFields(rec, []int{0, 1, 2, 3}, out, 0, false)
	for i, s := range out {
		if !utf8.ValidString(s) {
			t.Errorf("field %d: %q is not valid UTF-8", i, s)
		}
	}
	if out[2] != "ok é" {
		t.Errorf("a valid field changed: %q", out[2])
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want scrutineer.Count
		err  bool
	}{
		{"", scrutineer.Count{}, false},
		{"0", scrutineer.Known(0), false},
		{"1234", scrutineer.Known(1234), false},
		{"1,234,567", scrutineer.Known(1234567), false},
		{"12.0", scrutineer.Known(12), false},
		{" 7 ", scrutineer.Known(7), false},
		{"NaN", scrutineer.Count{}, false},
		{" null ", scrutineer.Count{}, false},
		{"1,23", scrutineer.Count{}, true},
		{"1.5", scrutineer.Count{}, true},
		{"-3", scrutineer.Count{}, true},
		{"99999999999999999999", scrutineer.Count{}, true},
		{"abc", scrutineer.Count{}, true},
	} {
		got, err := table.ParseCount(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("ParseCount(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, tc := range []struct {
		in        string
		want, err bool
	}{
		{"", false, false},
		{"0", false, false},
		{"0.0", false, false},
		{"False", false, false},
		{" NO ", false, false},
		{"n", false, false},
		{"1", true, false},
		{"1.0", true, false},
		{"TRUE", true, false},
		{"Y", true, false},
		{" yes ", true, false},
		{"2", false, true},
		{"maybe", false, true},
	} {
		got, err := table.ParseBool(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestDecimalID(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      bool
	}{
		{"1050118621198921728", "1050118621198921728", false},
		{"123.0", "123", false},
		{"1.0501186211989217e+18", "", true},
		{"12a", "", true},
		{"", "", true},
		{".0", "", true},
		{"123.", "", true},
		{"-1", "", true},
	} {
		got, err := table.DecimalID(tc.in)
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("DecimalID(%q) = %q, %v; want %q, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestDigits(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"2018", 2018, true},
		{"09", 9, true},
		{"123456789", 123456789, true},
		{"1234567890", 0, false},
		{"", 0, false},
		{"1a", 0, false},
		{"-1", 0, false},
		{" 1", 0, false},
	} {
		got, ok := table.ParseDigits(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseDigits(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		if isDigits := table.IsDigits(tc.in); isDigits != (tc.in != "" && strings.Trim(tc.in, "0123456789") == "") {
			t.Errorf("IsDigits(%q) = %v", tc.in, isDigits)
		}
	}
}

func TestHeaderNames(t *testing.T) {
	for _, tc := range []struct {
		head string
		want []string
	}{
		{"a,b,c\n1,2,3\n", []string{"a", "b", "c"}},
		{"\xef\xbb\xbf\"a\", b ,c\r\nx,y", []string{"a", "b", "c"}},
		{"a,\"b", []string{"a", "b"}}, // cut in a quoted name
		{"", []string{""}},            // as for a header of one empty name
	} {
		if got := table.HeaderNames([]byte(tc.head)); !slices.Equal(got, tc.want) {
			t.Errorf("HeaderNames(%q) = %q, want %q", tc.head, got, tc.want)
		}
	}
	cols := []string{"id", "text", "time"}
	if n := table.CountNames(cols, "id", "time", "ID", "none"); n != 2 {
		t.Errorf("CountNames = %d, want 2", n)
	}
}

func TestParseList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"[]", nil},
		{" [ ] ", nil},
		{"[a, b]", []string{"a", "b"}},
		{"['a', 'b']", []string{"a", "b"}},
		{`["a","b"]`, []string{"a", "b"}},
		{`['it\'s', "x"]`, []string{"it's", "x"}},
		{`["a\"b"]`, []string{`a"b`}},
		{"['', 'b']", []string{"b"}},
		{"[https://e.x/a,b, https://e.x/c]", []string{"https://e.x/a,b", "https://e.x/c"}},
		{"a,b", []string{"a", "b"}},
		{"[a,, b]", []string{"a,", "b"}},
		{"['unclosed, b]", []string{"'unclosed", "b"}},
		{"['a', 'b'", []string{"['a'", "'b'"}},
		{"'a' 'b'", []string{"'a' 'b'"}},
	} {
		if got := table.ParseList(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("ParseList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHashtagList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"[VoterFraud, Midterms2018]", []string{"VoterFraud", "Midterms2018"}},
		{"['#选举', '＃vote2024']", []string{"选举", "vote2024"}},
		{"#a, b", []string{"a", "b"}},
	} {
		if got := table.HashtagList(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("HashtagList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzParseList checks that items are never empty, are parts of the input
// unless it holds escapes, and read back when written as a JSON list.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"", "[a, b]", "['a', 'b']", `["a\"b", 'c']`, "[https://e.x/a,b, https://e.x/c]", "['unclosed, b]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		items := table.ParseList(s)
		for _, it := range items {
			if it == "" {
				t.Fatalf("ParseList(%q) gives an empty item: %q", s, items)
			}
			if !strings.Contains(s, `\`) && !strings.Contains(s, it) {
				t.Fatalf("ParseList(%q): %q is not a part of the input", s, it)
			}
		}
		if len(items) == 0 {
			return
		}
		var b strings.Builder
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('"')
			b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(it))
			b.WriteByte('"')
		}
		b.WriteByte(']')
		if back := table.ParseList(b.String()); !slices.Equal(back, items) {
			t.Fatalf("ParseList(%q) = %q, but %s reads back as %q", s, items, b.String(), back)
		}
		table.HashtagList(s)
	})
}

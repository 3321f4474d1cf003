package simulate

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scrutineer/scrutineer/disarm"
	"github.com/scrutineer/scrutineer/suggest"
	"gopkg.in/yaml.v3"
)

// ParseScenario reads a YAML scenario. A top-level key `preset: small|medium|large`
// (optional) starts from that preset; every other key overrides it.
// Without `preset`, the "small" preset's values are the defaults.
//
// Mappings such as `population` override field by field; lists such as
// `operations` and `parties`, and the `population.platforms` shares,
// replace the preset's wholesale. An operation that leaves out `platforms`
// runs on x.
//
// ParseScenario reports syntax errors, unknown keys and values of the wrong
// type, all of them, each as file:line:col: field: problem. It does not
// check that the values make sense together; call Validate for that, which
// then points at the lines the fields were written on.
func ParseScenario(r io.Reader, file string) (Scenario, error) {
	root, err := readDocument(r, file)
	if err != nil {
		return Scenario{}, err
	}
	d := &yamlDecoder{src: &fileSource{file: file, at: map[string]fieldPos{}}}
	s := d.preset(root)
	d.mapping(root, root, reflect.ValueOf(&s).Elem(), "", "preset")
	if len(d.errs) > 0 {
		return Scenario{}, joinInOrder(d.errs)
	}
	if d.src.has("operations") {
		for i := range s.Operations {
			if !d.src.has(fmt.Sprintf("operations[%d].platforms", i)) {
				s.Operations[i].Platforms = []Platform{X}
			}
		}
	}
	if s.Population.Platforms == nil {
		s.Population.Platforms = map[Platform]float64{}
	}
	s.source = d.src
	return s, nil
}

// readDocument parses the one YAML document of a scenario file and returns
// its top-level mapping.
func readDocument(r io.Reader, file string) (*yaml.Node, error) {
	dec := yaml.NewDecoder(r)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty scenario (write `preset: small` for the small preset)", file)
		}
		return nil, syntaxError(file, err)
	}
	// A second document would otherwise be ignored without a word.
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, syntaxError(file, err)
	case len(next.Content) > 0 && next.Content[0].ShortTag() != tagNull:
		return nil, fmt.Errorf("%s:%d: a second YAML document; a scenario file holds one", file, next.Line)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty scenario (write `preset: small` for the small preset)", file)
	}
	root := resolveAlias(doc.Content[0])
	switch {
	case root.Kind == yaml.ScalarNode && root.ShortTag() == tagNull:
		return nil, fmt.Errorf("%s: empty scenario (write `preset: small` for the small preset)", file)
	case root.Kind != yaml.MappingNode:
		return nil, fmt.Errorf("%s:%d:%d: want a mapping of scenario fields, got %s", file, root.Line, root.Column, describeNode(root))
	}
	return root, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError puts the file name in front of yaml's message and keeps its
// line.
func syntaxError(file string, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: %s", file, m[1], m[2])
	}
	return fmt.Errorf("%s: %s", file, strings.TrimPrefix(msg, "yaml: "))
}

// fieldPos is where a field was written: 1-based line and column.
type fieldPos struct{ line, col int }

// fileSource is where the fields of a parsed scenario were written.
type fileSource struct {
	file string
	// at maps a field path (population.accounts, operations[1].jitter) to
	// its key, or for list items to the item.
	at map[string]fieldPos
}

func (s *fileSource) has(path string) bool {
	_, ok := s.at[path]
	return ok
}

// fieldError is one problem with one field.
type fieldError struct {
	file      string // "" when the scenario did not come from a file
	line, col int    // 0 when unknown
	path      string // "" for the top level
	msg       string
}

func (e *fieldError) Error() string {
	var b strings.Builder
	if e.file != "" {
		b.WriteString(e.file)
		if e.line > 0 {
			fmt.Fprintf(&b, ":%d", e.line)
			if e.col > 0 {
				fmt.Fprintf(&b, ":%d", e.col)
			}
		}
		b.WriteString(": ")
	}
	if e.path != "" {
		b.WriteString(e.path)
		b.WriteString(": ")
	}
	b.WriteString(e.msg)
	return b.String()
}

// joinInOrder joins errors in the order of the lines they point at, which
// is how one reads the file to fix them.
func joinInOrder(errs []error) error {
	pos := func(e error) fieldPos {
		if fe, ok := e.(*fieldError); ok {
			return fieldPos{fe.line, fe.col}
		}
		return fieldPos{}
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		pa, pb := pos(a), pos(b)
		if pa.line != pb.line {
			return pa.line - pb.line
		}
		return pa.col - pb.col
	})
	return errors.Join(errs...)
}

const (
	tagNull  = "!!null"
	tagStr   = "!!str"
	tagInt   = "!!int"
	tagFloat = "!!float"
	tagBool  = "!!bool"
)

// yamlDecoder fills a value from YAML nodes, field by field, so that it knows
// where each came from; it goes on after a problem to report them all.
type yamlDecoder struct {
	src  *fileSource
	errs []error
}

func (d *yamlDecoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &fieldError{file: d.src.file, line: n.Line, col: n.Column, path: path, msg: fmt.Sprintf(format, args...)})
}

func (d *yamlDecoder) record(path string, n *yaml.Node) {
	d.src.at[path] = fieldPos{n.Line, n.Column}
}

// preset returns the scenario the file starts from.
func (d *yamlDecoder) preset(root *yaml.Node) Scenario {
	s := Presets["small"]()
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := resolveAlias(root.Content[i]), resolveAlias(root.Content[i+1])
		if k.Kind != yaml.ScalarNode || k.Value != "preset" {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() != tagStr {
			d.fail(root.Content[i+1], "preset", "want one of %s, got %s", strings.Join(PresetNames, ", "), describeNode(v))
			return s
		}
		p, err := Preset(v.Value)
		if err != nil {
			d.fail(root.Content[i+1], "preset", "unknown preset %q%s; want one of %s", v.Value, didYouMean(v.Value, PresetNames), strings.Join(PresetNames, ", "))
			return s
		}
		return p
	}
	return s
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// value decodes n into v, which holds the default. at is the node whose
// position errors carry: the alias when n was reached through one.
func (d *yamlDecoder) value(at *yaml.Node, v reflect.Value, path string) {
	n := resolveAlias(at)
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(yaml.Unmarshaler).UnmarshalYAML(n); err != nil {
			d.fail(at, path, "%v", err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(at, n, v, path)
	case reflect.Slice:
		d.list(at, n, v, path)
	case reflect.Map:
		d.dict(at, n, v, path)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.ShortTag() == tagNull {
			d.fail(at, path, "want text, got %s", describeNode(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := wholeNumber(n)
		if err != nil {
			d.fail(at, path, "%v", err)
			return
		}
		if v.OverflowInt(i) {
			d.fail(at, path, "%s is out of range", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		i, err := wholeNumber(n)
		if err != nil || i < 0 {
			d.fail(at, path, "want a whole number from 0 up, got %s", describeNode(n))
			return
		}
		if v.OverflowUint(uint64(i)) {
			d.fail(at, path, "%s is out of range", n.Value)
			return
		}
		v.SetUint(uint64(i))
	case reflect.Float32, reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != tagInt && n.ShortTag() != tagFloat) || n.Decode(&f) != nil {
			d.fail(at, path, "want a number, got %s", describeNode(n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != tagBool || n.Decode(&b) != nil {
			d.fail(at, path, "want true or false, got %s", describeNode(n))
			return
		}
		v.SetBool(b)
	default:
		d.fail(at, path, "cannot be set from a file")
	}
}

// wholeNumber reads an integer, also one written as a whole float (1e6).
func wholeNumber(n *yaml.Node) (int64, error) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case tagInt:
			var i int64
			if err := n.Decode(&i); err != nil {
				return 0, fmt.Errorf("%s is out of range", n.Value)
			}
			return i, nil
		case tagFloat:
			var f float64
			if err := n.Decode(&f); err == nil && f == math.Trunc(f) {
				// 2^63 is the first float beyond int64.
				if math.Abs(f) >= 1<<63 {
					return 0, fmt.Errorf("%s is out of range", n.Value)
				}
				return int64(f), nil
			}
		}
	}
	return 0, fmt.Errorf("want a whole number, got %s", describeNode(n))
}

// mapping decodes the fields of a struct; fields the mapping leaves out
// keep their value. extra are keys the caller handles itself.
func (d *yamlDecoder) mapping(at, n *yaml.Node, v reflect.Value, path string, extra ...string) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == tagNull {
		return // a key with every field commented out: nothing to override
	}
	if n.Kind != yaml.MappingNode {
		d.fail(at, path, "want a mapping of fields, got %s", describeNode(n))
		return
	}
	fields := yamlFields(v.Type())
	known := append(slices.Clone(extra), yamlFieldNames(fields)...)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k.Kind != yaml.ScalarNode {
			d.fail(n.Content[i], path, "want a field name, got %s", describeNode(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			d.fail(n.Content[i], path, "merge keys (<<) are not supported; write the fields out")
			continue
		}
		name := k.Value
		if line, dup := seen[name]; dup {
			d.fail(n.Content[i], path, "field %q given twice (first on line %d)", clipValue(name), line)
			continue
		}
		seen[name] = k.Line
		sub := joinPath(path, name)
		if slices.Contains(extra, name) {
			d.record(sub, n.Content[i])
			continue
		}
		idx := slices.IndexFunc(fields, func(f yamlField) bool { return f.name == name })
		if idx < 0 {
			d.fail(n.Content[i], path, "unknown field %q%s; known fields: %s", clipValue(name), didYouMean(name, known), strings.Join(known, ", "))
			continue
		}
		d.record(sub, n.Content[i])
		d.value(n.Content[i+1], v.FieldByIndex(fields[idx].index), sub)
	}
}

// list decodes a list, which replaces the default.
func (d *yamlDecoder) list(at, n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == tagNull {
		v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.fail(at, path, "want a list, got %s", describeNode(n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		sub := fmt.Sprintf("%s[%d]", path, i)
		d.record(sub, item)
		d.value(item, s.Index(i), sub)
	}
	v.Set(s)
}

// dict decodes a map, which replaces the default: shares that leave a
// platform out mean it has none.
func (d *yamlDecoder) dict(at, n *yaml.Node, v reflect.Value, path string) {
	t := v.Type()
	if n.Kind == yaml.ScalarNode && n.ShortTag() == tagNull {
		v.Set(reflect.MakeMap(t))
		return
	}
	if n.Kind != yaml.MappingNode {
		d.fail(at, path, "want a mapping, got %s", describeNode(n))
		return
	}
	m := reflect.MakeMapWithSize(t, len(n.Content)/2)
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolveAlias(n.Content[i])
		if k.Kind == yaml.ScalarNode {
			if line, dup := seen[k.Value]; dup {
				d.fail(n.Content[i], path, "key %q given twice (first on line %d)", clipValue(k.Value), line)
				continue
			}
			seen[k.Value] = k.Line
		}
		key := reflect.New(t.Key()).Elem()
		before := len(d.errs)
		d.value(n.Content[i], key, path)
		if len(d.errs) > before {
			continue
		}
		sub := joinPath(path, k.Value)
		d.record(sub, n.Content[i])
		elem := reflect.New(t.Elem()).Elem()
		d.value(n.Content[i+1], elem, sub)
		m.SetMapIndex(key, elem)
	}
	v.Set(m)
}

// yamlField is a struct field as a YAML key.
type yamlField struct {
	name  string
	index []int
}

// yamlFields lists a struct's keys as yaml.v3 names them: the tag's name,
// or the lower-cased field name; an embedded struct tagged ",inline" lends
// its own.
func yamlFields(t reflect.Type) []yamlField {
	var fs []yamlField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || tag == "-" {
			continue
		}
		if f.Anonymous && f.Type.Kind() == reflect.Struct && slices.Contains(strings.Split(opts, ","), "inline") {
			for _, g := range yamlFields(f.Type) {
				fs = append(fs, yamlField{g.name, append([]int{i}, g.index...)})
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fs = append(fs, yamlField{name, []int{i}})
	}
	return fs
}

func yamlFieldNames(fs []yamlField) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	return names
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// parentPath strips a path's last step: operations[1].size → operations[1] →
// operations.
func parentPath(path string) string {
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return ""
}

// resolveAlias follows an alias to the node it names.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// describeNode names a node's value for a message.
func describeNode(n *yaml.Node) string {
	n = resolveAlias(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
	default:
		return "nothing"
	}
	switch n.ShortTag() {
	case tagNull:
		if n.Value == "" {
			return "nothing"
		}
		return n.Value
	case tagInt, tagFloat, tagBool:
		return clipValue(n.Value)
	}
	return strconv.Quote(clipValue(n.Value))
}

// clipValue shortens a value quoted in a message.
func clipValue(s string) string {
	const limit = 40
	if len(s) <= limit {
		return s
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// didYouMean suggests the known word closest to a misspelt one.
func didYouMean(got string, known []string) string {
	if best := suggest.Closest(got, known); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// UnmarshalYAML reads a date written 2025-10-20.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == tagStr || n.ShortTag() == "!!timestamp") {
		if t, err := time.Parse(time.DateOnly, n.Value); err == nil {
			d.Time = t
			return nil
		}
	}
	return fmt.Errorf("want a date like 2025-10-20, got %s", describeNode(n))
}

// MarshalYAML writes the date as UnmarshalYAML reads it.
func (d Date) MarshalYAML() (any, error) {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: d.Format(time.DateOnly)}, nil
}

// UnmarshalYAML reads a duration written as in Go ("8s", "2m30s"), or a
// whole number of seconds.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case tagInt:
			var secs int64
			if err := n.Decode(&secs); err == nil && secs >= math.MinInt64/int64(time.Second) && secs <= math.MaxInt64/int64(time.Second) {
				d.Duration = time.Duration(secs) * time.Second
				return nil
			}
		case tagStr:
			if v, err := time.ParseDuration(n.Value); err == nil {
				d.Duration = v
				return nil
			}
		}
	}
	return fmt.Errorf(`want a duration like "8s" or "2m30s", or whole seconds, got %s`, describeNode(n))
}

// MarshalYAML writes the duration as UnmarshalYAML reads it.
func (d Duration) MarshalYAML() (any, error) {
	return d.String(), nil
}

// UnmarshalYAML reads a platform name: x, bluesky or mastodon.
func (p *Platform) UnmarshalYAML(n *yaml.Node) error {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == tagStr {
		if slices.Contains(Platforms, Platform(n.Value)) {
			*p = Platform(n.Value)
			return nil
		}
		hint := didYouMean(n.Value, platformNames())
		if strings.EqualFold(n.Value, "twitter") {
			hint = ` (Twitter is "x")`
		}
		return fmt.Errorf("unknown platform %q%s; want one of %s", n.Value, hint, strings.Join(platformNames(), ", "))
	}
	return fmt.Errorf("want a platform (%s), got %s", strings.Join(platformNames(), ", "), describeNode(n))
}

func platformNames() []string {
	names := make([]string, len(Platforms))
	for i, p := range Platforms {
		names[i] = string(p)
	}
	return names
}

// Bounds of a scenario, kept where a generator can still produce the world
// in reasonable time and memory.
const (
	writDaysMax       = 120
	daysAroundMax     = 60
	accountsMin       = 10
	accountsMax       = 5_000_000
	postsMax          = 50_000_000
	communitiesMax    = 1000
	meanFollowingMax  = 5000
	partiesMax        = 20
	handleMax         = 15 // as on X
	outletsMax        = 1000
	syndicationMax    = 20
	articlesPerDayMax = 200
	operationSizeMax  = 100_000
	jitterMax         = time.Hour
	// An operation may start before the simulated period, as a cohort of
	// accounts made ahead of the writ does, but not by more than this.
	leadDaysMax = 365
)

// Operations that push items need at least one; the others (accounts
// made ahead, impersonators, ads) are sized by Size alone.
var kindsWithItems = []string{OpLinkNetwork, OpRetweetBotnet, OpCopypasta, OpHashtagHijack, OpSleepers, OpLaundering}

var (
	xHandleRE  = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	disarmIDRE = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
)

// Validate checks that the scenario makes sense: every count within
// bounds, names unique, operations inside the simulated period and aimed
// at parties that stand. It reports every problem, each naming the field
// (operations[2].jitter) and, for a scenario from ParseScenario, the file
// and line it was written on.
func (s Scenario) Validate() error {
	v := &scenarioValidator{src: s.source}
	v.dates(s)
	v.population(s.Population)
	v.parties(s.Parties)
	v.news(s.News)
	v.lookAlikes(s)
	v.operations(s)
	v.atLeast("ads", s.Ads, 0)
	return joinInOrder(v.errs)
}

type scenarioValidator struct {
	src  *fileSource // nil unless the scenario came from a file
	errs []error
}

// fail reports a problem with the field at path. It points at the field
// if the file wrote it, else at the first related field the file wrote
// (the one whose value made this one wrong), else at the nearest enclosing
// field the file wrote.
func (v *scenarioValidator) fail(path string, related []string, format string, args ...any) {
	e := &fieldError{path: path, msg: fmt.Sprintf(format, args...)}
	if v.src != nil {
		e.file = v.src.file
		var candidates []string
		candidates = append(candidates, path)
		candidates = append(candidates, related...)
		for p := parentPath(path); p != ""; p = parentPath(p) {
			candidates = append(candidates, p)
		}
		for _, c := range candidates {
			if at, ok := v.src.at[c]; ok {
				e.line, e.col = at.line, at.col
				break
			}
		}
	}
	v.errs = append(v.errs, e)
}

func (v *scenarioValidator) between(path string, got, lo, hi int, related ...string) bool {
	if got < lo || got > hi {
		v.fail(path, related, "want %s to %s, got %s", groupDigits(lo), groupDigits(hi), groupDigits(got))
		return false
	}
	return true
}

func (v *scenarioValidator) atLeast(path string, got, lo int) bool {
	if got < lo {
		v.fail(path, nil, "want at least %s, got %s", groupDigits(lo), groupDigits(got))
		return false
	}
	return true
}

func (v *scenarioValidator) share(path string, got float64) {
	if !(got >= 0 && got <= 1) { // also NaN
		v.fail(path, nil, "want a share from 0 to 1, got %v", got)
	}
}

func (v *scenarioValidator) dates(s Scenario) {
	if s.Poll.IsZero() {
		v.fail("poll", nil, "want polling day, like 2025-10-20")
	}
	v.between("writ_days", s.WritDays, 1, writDaysMax)
	v.between("days_before", s.DaysBefore, 0, daysAroundMax)
	v.between("days_after", s.DaysAfter, 0, daysAroundMax)
}

// period returns the simulated days, counted from the writ, and whether
// the fields that give it are valid.
func simulatedDays(s Scenario) (first, last int, ok bool) {
	ok = s.WritDays >= 1 && s.WritDays <= writDaysMax &&
		s.DaysBefore >= 0 && s.DaysBefore <= daysAroundMax &&
		s.DaysAfter >= 0 && s.DaysAfter <= daysAroundMax
	return -s.DaysBefore, s.WritDays + s.DaysAfter, ok
}

func (v *scenarioValidator) population(p Population) {
	okAccounts := v.between("population.accounts", p.Accounts, accountsMin, accountsMax)
	switch {
	case okAccounts && p.Posts < p.Accounts:
		v.fail("population.posts", []string{"population.accounts"}, "want at least as many posts as accounts (%s), got %s", groupDigits(p.Accounts), groupDigits(p.Posts))
	case okAccounts:
		v.between("population.posts", p.Posts, p.Accounts, postsMax)
	default:
		v.between("population.posts", p.Posts, 0, postsMax)
	}
	keys := make([]Platform, 0, len(p.Platforms))
	for k := range p.Platforms {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	positive := false
	for _, k := range keys {
		share := p.Platforms[k]
		path := "population.platforms." + string(k)
		switch {
		case !slices.Contains(Platforms, k):
			v.fail("population.platforms", nil, "unknown platform %q; want one of %s", k, strings.Join(platformNames(), ", "))
		case !(share >= 0) || math.IsInf(share, 1):
			v.fail(path, nil, "want a share of 0 or more, got %v", share)
		case share > 0:
			positive = true
		}
	}
	if !positive {
		v.fail("population.platforms", nil, "want a share above 0 for at least one of %s", strings.Join(platformNames(), ", "))
	}
	v.share("population.french", p.French)
	if okAccounts {
		v.between("population.communities", p.Communities, 1, min(communitiesMax, p.Accounts), "population.accounts")
	} else {
		v.between("population.communities", p.Communities, 1, communitiesMax)
	}
	v.between("population.mean_following", p.MeanFollowing, 1, meanFollowingMax)
}

func (v *scenarioValidator) parties(ps []PartySpec) {
	if len(ps) < 1 || len(ps) > partiesMax {
		v.fail("parties", nil, "want 1 to %d parties, got %d", partiesMax, len(ps))
	}
	// Operations name their target by name or short name, ignoring case,
	// so each of those must point at one party.
	type label struct {
		party int
		what  string
	}
	labels := map[string]label{}
	claim := func(path, what, name string, i int) {
		key := strings.ToLower(name)
		if l, dup := labels[key]; dup && l.party != i {
			v.fail(path, nil, "%q is also the %s of parties[%d]", name, l.what, l.party)
			return
		}
		labels[key] = label{i, what}
	}
	handles := map[string]int{}
	for i, p := range ps {
		at := fmt.Sprintf("parties[%d]", i)
		if strings.TrimSpace(p.Name) == "" {
			v.fail(at+".name", nil, "want the party's name")
		} else {
			claim(at+".name", "name", p.Name, i)
		}
		if p.Short != "" {
			claim(at+".short", "short name", p.Short, i)
		}
		if strings.TrimSpace(p.Leader) == "" {
			v.fail(at+".leader", nil, "want the leader's name")
		}
		switch h := p.Handle; {
		case h == "":
			v.fail(at+".handle", nil, "want the leader's handle")
		case strings.HasPrefix(h, "@"):
			v.fail(at+".handle", nil, "write the handle %q without the @", h)
		case len(h) > handleMax || !xHandleRE.MatchString(h):
			v.fail(at+".handle", nil, "want up to %d letters, digits and underscores, as on X, got %q", handleMax, h)
		default:
			// X handles ignore case.
			key := strings.ToLower(h)
			if j, dup := handles[key]; dup {
				v.fail(at+".handle", nil, "%q is also the handle of parties[%d]", h, j)
			} else {
				handles[key] = i
			}
		}
	}
}

func (v *scenarioValidator) news(n NewsSpec) {
	v.between("news.outlets", n.Outlets, 0, outletsMax)
	v.between("news.syndication_per_outlet", n.Syndication, 0, syndicationMax)
	v.between("news.articles_per_day", n.ArticlesPerDay, 0, articlesPerDayMax)
}

func (v *scenarioValidator) lookAlikes(s Scenario) {
	l := s.LookAlikes
	v.atLeast("look_alikes.fans", l.Fans, 0)
	v.atLeast("look_alikes.schedulers", l.Schedulers, 0)
	v.atLeast("look_alikes.debate", l.Debate, 0)
	if s.WritDays >= 1 && s.WritDays <= writDaysMax {
		// The debate falls between the writ and the poll.
		v.between("look_alikes.debate_days_before_poll", l.DebateDay, 0, s.WritDays, "writ_days")
	} else {
		v.atLeast("look_alikes.debate_days_before_poll", l.DebateDay, 0)
	}
}

func (v *scenarioValidator) operations(s Scenario) {
	first, last, periodOK := simulatedDays(s)
	ids := map[string]int{}
	counts := map[string]int{}
	var techniques *disarm.Framework
	for i, op := range s.Operations {
		at := fmt.Sprintf("operations[%d]", i)
		known := slices.Contains(OperationKinds, op.Kind)
		switch {
		case op.Kind == "":
			v.fail(at+".kind", nil, "want one of %s", strings.Join(OperationKinds, ", "))
		case !known:
			v.fail(at+".kind", nil, "unknown kind %q%s; want one of %s", op.Kind, didYouMean(op.Kind, OperationKinds), strings.Join(OperationKinds, ", "))
		}
		// Generate names an unnamed operation after its kind and how many
		// of that kind came so far; an id must not clash with those either.
		counts[op.Kind]++
		if id := op.ID; id != "" {
			if j, dup := ids[id]; dup {
				v.fail(at+".id", nil, "%q is also the id of operations[%d]", id, j)
			} else {
				ids[id] = i
			}
		} else if known {
			id = fmt.Sprintf("%s-%d", strings.ReplaceAll(op.Kind, "_", "-"), counts[op.Kind])
			if j, dup := ids[id]; dup {
				v.fail(at, nil, "has no id, so Generate names it %q, the id of operations[%d]; give it an id", id, j)
			} else {
				ids[id] = i
			}
		}

		minSize := 2
		if op.Kind == OpImpersonation || op.Kind == OpAds {
			minSize = 1
		}
		v.between(at+".size", op.Size, minSize, operationSizeMax)
		if slices.Contains(kindsWithItems, op.Kind) {
			v.atLeast(at+".items", op.Items, 1)
		} else {
			v.atLeast(at+".items", op.Items, 0)
		}
		if op.Jitter.Duration < 0 || op.Jitter.Duration > jitterMax {
			v.fail(at+".jitter", nil, "want 0s to 1h, got %v", op.Jitter.Duration)
		}
		v.share(at+".camouflage", op.Camouflage)

		if periodOK {
			dates := []string{"writ_days", "days_before", "days_after"}
			switch {
			case op.Start < first-leadDaysMax:
				v.fail(at+".start_day", dates, "want day %d or later (a year before the simulation's first day, %d), got %d", first-leadDaysMax, first, op.Start)
			case op.Start > last:
				v.fail(at+".start_day", dates, "day %d after the writ is past the simulation's last day, %d (writ_days + days_after)", op.Start, last)
			case op.Days < 1:
				v.fail(at+".days", nil, "want at least 1, got %d", op.Days)
			case op.Days > last-op.Start+1:
				v.fail(at+".days", dates, "the operation runs to day %d after the writ, past the simulation's last day, %d (writ_days + days_after)", op.Start+op.Days-1, last)
			case op.Start+op.Days-1 < first:
				v.fail(at+".start_day", dates, "the operation ends on day %d after the writ, before the simulation's first day, %d (-days_before)", op.Start+op.Days-1, first)
			}
		}

		v.platforms(at, op)

		if op.Target != "" && !slices.ContainsFunc(s.Parties, func(p PartySpec) bool {
			return strings.EqualFold(p.Name, op.Target) || strings.EqualFold(p.Short, op.Target)
		}) {
			var names []string
			for _, p := range s.Parties {
				names = append(names, p.Name)
				if p.Short != "" {
					names = append(names, p.Short)
				}
			}
			v.fail(at+".target", []string{"parties"}, "no party is named %q%s", op.Target, didYouMean(op.Target, names))
		}

		for j, id := range op.Techniques {
			path := fmt.Sprintf("%s.techniques[%d]", at, j)
			if !disarmIDRE.MatchString(id) {
				v.fail(path, nil, "want a DISARM technique id like T0049 or T0049.003, got %q", id)
				continue
			}
			if techniques == nil {
				f, err := disarm.Red()
				if err != nil {
					v.fail(path, nil, "cannot look up DISARM techniques: %v", err)
					continue
				}
				techniques = f
			}
			if _, ok := techniques.Technique(id); !ok {
				v.fail(path, nil, "%s is not a DISARM Red technique", id)
			}
		}
	}
}

func (v *scenarioValidator) platforms(at string, op OperationSpec) {
	if len(op.Platforms) == 0 {
		v.fail(at+".platforms", nil, "want at least one of %s", strings.Join(platformNames(), ", "))
		return
	}
	seen := map[Platform]bool{}
	for j, p := range op.Platforms {
		path := fmt.Sprintf("%s.platforms[%d]", at, j)
		switch {
		case !slices.Contains(Platforms, p):
			v.fail(path, nil, "unknown platform %q; want one of %s", p, strings.Join(platformNames(), ", "))
		case seen[p]:
			v.fail(path, nil, "%s is listed twice", p)
		}
		seen[p] = true
	}
	if op.Kind == OpLaundering && len(seen) < 2 {
		// Laundering moves content from one platform to another.
		v.fail(at+".platforms", nil, "laundering needs at least 2 platforms, got %d", len(seen))
	}
}

// num writes an integer with thousands separators, as bounds read best.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Package mapped reads tables and JSON Lines of any layout, given a mapping
// file that says which column or key holds each field of a post or an
// account: the way in for a platform or tool Scrutineer has no reader for.
package mapped

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/suggest"
)

// Mapping is a mapping file:
//
//	platform: telegram           # or map the field "platform"
//	kind: post                   # post (the default) or account
//	layout: csv                  # csv or jsonl; from the first byte when left out
//	time_layout: "02/01/2006 15:04"  # Go layout; common layouts and Unix times when left out
//	list_separator: ";"          # for list columns in CSV; see below
//	fields:
//	  id: message_id             # a CSV column, or a JSON path
//	  account: sender.id         # dots go into objects
//	  time: date
//	  text: text
//	  urls: links[].href         # [] goes through an array
//	  account.name: sender.name  # the author's account, read from the same record
//
// A list field (urls, hashtags, mentions, withheld_in) in a CSV cell is
// split on list_separator; without one, a cell like ["a", "b"] or ['a',
// 'b'] is read as a list, and anything else is split on commas and blanks.
type Mapping struct {
	Platform      scrutineer.Platform `yaml:"platform"`
	Kind          string              `yaml:"kind"`
	Layout        string              `yaml:"layout"`
	TimeLayout    string              `yaml:"time_layout"`
	ListSeparator string              `yaml:"list_separator"`
	Fields        map[string]string   `yaml:"fields"`
}

// Field kinds, which say how a value is read.
const (
	kString = iota
	kList
	kTime
	kCount
	kBool
	kPlatform
)

// postFields and accountFields are what a mapping may fill, named as in
// the records' JSON.
var postFields = map[string]int{
	"platform": kPlatform, "id": kString, "url": kString, "account": kString, "handle": kString,
	"time": kTime, "text": kString, "title": kString, "lang": kString,
	"repost_of": kString, "reply_to": kString, "quote_of": kString, "reply_to_account": kString,
	"thread": kString, "channel": kString, "urls": kList, "hashtags": kList, "mentions": kList,
	"likes": kCount, "reposts": kCount, "replies": kCount, "quotes": kCount, "views": kCount,
	"source": kString, "withheld_in": kList, "removed": kBool, "sensitive": kBool,
}

var accountFields = map[string]int{
	"platform": kPlatform, "id": kString, "handle": kString, "name": kString, "description": kString,
	"location": kString, "url": kString, "website": kString, "image_url": kString, "lang": kString,
	"created": kTime, "followers": kCount, "following": kCount, "posts": kCount,
	"verified": kBool, "bot": kBool, "protected": kBool, "gone": kBool, "category": kString,
}

// accountPrefix marks, in a post mapping, the fields of the author's
// account.
const accountPrefix = "account."

// Parse reads a mapping file; name is for messages.
func Parse(data []byte, name string) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := m.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}

func (m *Mapping) check() error {
	switch m.Kind {
	case "":
		m.Kind = "post"
	case "post", "account":
	default:
		return fmt.Errorf("kind: %q is neither post nor account", m.Kind)
	}
	switch m.Layout {
	case "", "csv", "jsonl":
	default:
		return fmt.Errorf("layout: %q is neither csv nor jsonl", m.Layout)
	}
	if m.Platform != "" && !m.Platform.Known() {
		return fmt.Errorf("platform: unknown platform %q%s", m.Platform, didYouMean(string(m.Platform), platformNames()))
	}
	if len(m.Fields) == 0 {
		return errors.New("fields: the mapping maps no field")
	}
	own, other := postFields, accountFields
	if m.Kind == "account" {
		own, other = accountFields, nil
	}
	names := sortedKeys(m.Fields)
	for _, f := range names {
		if m.Fields[f] == "" {
			return fmt.Errorf("fields: %s: no column or path given", f)
		}
		if _, ok := own[f]; ok {
			if err := checkPath(m.Fields[f]); err != nil {
				return fmt.Errorf("fields: %s: %w", f, err)
			}
			continue
		}
		if a, ok := strings.CutPrefix(f, accountPrefix); ok && other != nil {
			if _, ok := other[a]; ok && a != "platform" && a != "id" {
				if err := checkPath(m.Fields[f]); err != nil {
					return fmt.Errorf("fields: %s: %w", f, err)
				}
				continue
			}
		}
		var known []string
		for k := range own {
			known = append(known, k)
		}
		for k := range other {
			known = append(known, accountPrefix+k)
		}
		sort.Strings(known)
		return fmt.Errorf("fields: unknown field %q%s; a %s has %s", f, didYouMean(f, known), m.Kind, strings.Join(known, ", "))
	}
	need := []string{"id"}
	if m.Kind == "post" {
		need = append(need, "account", "time")
	}
	if m.Platform == "" {
		need = append(need, "platform")
	}
	for _, f := range need {
		if _, ok := m.Fields[f]; !ok {
			if f == "platform" {
				return errors.New("fields: give platform (or a platform: for the whole file)")
			}
			return fmt.Errorf("fields: a %s needs %s", m.Kind, f)
		}
	}
	return nil
}

// checkPath refuses paths that cannot name anything: empty segments, or
// "[]" anywhere but at the end of a segment.
func checkPath(p string) error {
	for _, seg := range strings.Split(p, ".") {
		name := strings.TrimSuffix(seg, "[]")
		if name == "" && seg != "[]" || strings.Contains(name, "[") || strings.Contains(name, "]") {
			return fmt.Errorf("path %q: segment %q is not a key or key[]", p, seg)
		}
	}
	return nil
}

func platformNames() []string {
	var out []string
	for _, p := range scrutineer.Platforms() {
		out = append(out, string(p))
	}
	return out
}

func didYouMean(s string, known []string) string {
	if best := suggest.Closest(s, known); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

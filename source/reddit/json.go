package reddit

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fastjson"

	"github.com/scrutineer/scrutineer"
	"github.com/scrutineer/scrutineer/source"
)

// str returns the string at key: "" when it is absent or null, an error
// when it is of another type.
func str(v *fastjson.Value, key string) (string, error) {
	x := v.Get(key)
	if x == nil {
		return "", nil
	}
	switch x.Type() {
	case fastjson.TypeString:
		return source.String(x.GetStringBytes()), nil
	case fastjson.TypeNull:
		return "", nil
	}
	return "", wantType("a string", x)
}

func wantType(want string, x *fastjson.Value) error {
	return fmt.Errorf("want %s, got %s", want, x.Type())
}

var errMissing = errors.New("missing")

// timeOf reads Unix seconds given as a number or a string (dumps have
// both, and floats such as 1700000000.0).
func timeOf(v *fastjson.Value, key string) (time.Time, error) {
	x := v.Get(key)
	if x == nil || x.Type() == fastjson.TypeNull {
		return time.Time{}, errMissing
	}
	var s string
	switch x.Type() {
	case fastjson.TypeString:
		s = string(x.GetStringBytes())
	case fastjson.TypeNumber:
		// fastjson keeps a number's text: read it exactly.
		s = x.String()
		if strings.ContainsAny(s, "eE") {
			f, _ := x.Float64()
			if f < -9e9 || f > 9e9 || math.IsNaN(f) {
				return time.Time{}, fmt.Errorf("time %s out of range", s)
			}
			s = strconv.FormatFloat(f, 'f', -1, 64)
		}
	default:
		return time.Time{}, wantType("Unix seconds", x)
	}
	ns, err := source.ParseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, ns).UTC(), nil
}

// count reads a count given as an integer (or as a float or a string of
// digits, as some dumps write them); absent or null is unknown.
func count(v *fastjson.Value, key string) (scrutineer.Count, error) {
	x := v.Get(key)
	if x == nil {
		return scrutineer.Count{}, nil
	}
	var n int64
	switch x.Type() {
	case fastjson.TypeNull:
		return scrutineer.Count{}, nil
	case fastjson.TypeNumber:
		var err error
		if n, err = x.Int64(); err != nil {
			f, _ := x.Float64()
			if f != math.Trunc(f) || f < -1e15 || f > 1e15 {
				return scrutineer.Count{}, fmt.Errorf("want an integer, got %s", x.String())
			}
			n = int64(f)
		}
	case fastjson.TypeString:
		var err error
		if n, err = strconv.ParseInt(string(x.GetStringBytes()), 10, 64); err != nil {
			return scrutineer.Count{}, fmt.Errorf("want an integer, got %s", source.Quote(source.String(x.GetStringBytes())))
		}
	default:
		return scrutineer.Count{}, wantType("an integer", x)
	}
	return scrutineer.Known(max(n, 0)), nil
}

var unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// unescape undoes Reddit's escaping of '&', '<' and '>'.
func unescape(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return unescaper.Replace(s)
}

// media reads a submission's images and videos: its gallery
// (media_metadata), its hosted video (media.reddit_video), and otherwise
// its preview images, or the link itself when it is an image or video
// Reddit hosts.
func media(v *fastjson.Value) ([]scrutineer.Media, error) {
	var out []scrutineer.Media
	if x := v.Get("media_metadata"); x != nil && x.Type() == fastjson.TypeObject {
		o, _ := x.Object()
		o.Visit(func(_ []byte, m *fastjson.Value) {
			s := m.Get("s")
			if s == nil {
				return
			}
			switch string(m.GetStringBytes("e")) {
			case "Image":
				out = append(out, scrutineer.Media{Type: "photo", URL: unescape(source.String(s.GetStringBytes("u")))})
			case "AnimatedImage":
				u := s.GetStringBytes("mp4")
				if u == nil {
					u = s.GetStringBytes("gif")
				}
				out = append(out, scrutineer.Media{Type: "gif", URL: unescape(source.String(u))})
			}
		})
	}
	for _, key := range []string{"media", "secure_media"} {
		if u := v.GetStringBytes(key, "reddit_video", "fallback_url"); u != nil {
			out = append(out, scrutineer.Media{Type: "video", URL: unescape(source.String(u))})
			break
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	if x := v.Get("preview", "images"); x != nil && x.Type() == fastjson.TypeArray {
		for _, img := range x.GetArray() {
			if u := img.GetStringBytes("source", "url"); u != nil {
				out = append(out, scrutineer.Media{Type: "photo", URL: unescape(source.String(u))})
			}
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	domain, err := str(v, "domain")
	if err != nil {
		return nil, fail("domain", err)
	}
	u, _ := str(v, "url")
	if !strings.HasPrefix(u, "https://"+domain+"/") {
		return nil, nil // a crosspost names the original's host, not its own
	}
	switch domain {
	case "i.redd.it", "i.imgur.com":
		t := "photo"
		if strings.HasSuffix(u, ".gif") || strings.HasSuffix(u, ".gifv") {
			t = "gif"
		}
		out = append(out, scrutineer.Media{Type: t, URL: unescape(u)})
	case "v.redd.it":
		out = append(out, scrutineer.Media{Type: "video", URL: unescape(u)})
	}
	return out, nil
}

package mastodon

import (
	"html"
	"strings"
)

// htmlText turns the HTML Mastodon gives (content, note, field values)
// into plain text: paragraphs become blank lines and <br> line breaks;
// a link that is not a mention or a hashtag becomes its href in full
// (Mastodon shows a cut-down form of it) and is added to urls. The
// fallback paragraph Mastodon adds to quote posts for older clients
// (class "quote-inline") is left out: the quote is read from the status.
// It reads Mastodon's own markup and the little that other servers send;
// it is not a general HTML parser.
func htmlText(s string, urls []string) (string, []string) {
	if strings.IndexByte(s, '<') < 0 && strings.IndexByte(s, '&') < 0 {
		return s, urls // plain already
	}
	c := htmlConv{out: make([]byte, 0, len(s)), urls: urls}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			c.text(s[i:])
			break
		}
		c.text(s[i : i+j])
		i += j
		k := strings.IndexByte(s[i:], '>')
		if k < 0 {
			c.text(s[i:]) // a lone '<'
			break
		}
		tag := s[i+1 : i+k]
		i += k + 1
		closing := strings.HasPrefix(tag, "/")
		if closing {
			tag = tag[1:]
		}
		name := tag
		if n := strings.IndexAny(tag, " \t\r\n/"); n >= 0 {
			name = tag[:n]
		}
		switch strings.ToLower(name) {
		case "br":
			c.flush()
			c.out = append(c.out, '\n')
		case "p":
			if !closing && strings.Contains(attr(tag, "class"), "quote-inline") {
				i = skipTo(s, i, "</p")
			}
			c.block(2)
		case "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6":
			c.block(2)
		case "li":
			c.block(1)
		case "a":
			if closing {
				break
			}
			href := attr(tag, "href")
			class := attr(tag, "class")
			if href == "" || strings.Contains(class, "mention") || strings.Contains(class, "hashtag") || attr(tag, "rel") == "tag" {
				break // keep the text: @user, #tag
			}
			u := unescape(href)
			c.flush()
			c.out = append(c.out, u...)
			c.urls = append(c.urls, u)
			i = skipTo(s, i, "</a")
		case "script", "style":
			if !closing {
				i = skipTo(s, i, "</"+strings.ToLower(name))
			}
		}
	}
	return string(c.out), c.urls
}

type htmlConv struct {
	out     []byte
	urls    []string
	pending int // line breaks owed before the next text
}

func (c *htmlConv) block(n int) { c.pending = max(c.pending, n) }

func (c *htmlConv) flush() {
	if len(c.out) > 0 {
		for ; c.pending > 0; c.pending-- {
			c.out = append(c.out, '\n')
		}
	}
	c.pending = 0
}

func (c *htmlConv) text(s string) {
	if s == "" || strings.TrimLeft(s, " \t\r\n") == "" && strings.IndexByte(s, '\n') >= 0 {
		return // the layout between blocks of pretty-printed HTML
	}
	c.flush()
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	c.out = append(c.out, s...)
}

func unescape(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		return html.UnescapeString(s)
	}
	return s
}

// skipTo returns the index just past the tag of s that starts with end
// (case-insensitive) from i on, or len(s).
func skipTo(s string, i int, end string) int {
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return len(s)
		}
		i += j
		if len(s)-i >= len(end) && strings.EqualFold(s[i:i+len(end)], end) {
			if k := strings.IndexByte(s[i:], '>'); k >= 0 {
				return i + k + 1
			}
			return len(s)
		}
		i++
	}
	return len(s)
}

// attr returns the value of attribute name in the inside of a tag, as
// written (entities not decoded), or "".
func attr(tag, name string) string {
	for i := 0; i < len(tag); {
		j := strings.Index(tag[i:], name)
		if j < 0 {
			return ""
		}
		j += i
		i = j + len(name)
		if j > 0 && tag[j-1] != ' ' && tag[j-1] != '\t' && tag[j-1] != '\n' && tag[j-1] != '\r' {
			continue
		}
		k := i
		for k < len(tag) && tag[k] == ' ' {
			k++
		}
		if k >= len(tag) || tag[k] != '=' {
			continue
		}
		k++
		for k < len(tag) && tag[k] == ' ' {
			k++
		}
		if k >= len(tag) {
			return ""
		}
		if q := tag[k]; q == '"' || q == '\'' {
			end := strings.IndexByte(tag[k+1:], q)
			if end < 0 {
				return tag[k+1:]
			}
			return tag[k+1 : k+1+end]
		}
		end := strings.IndexAny(tag[k:], " \t\r\n")
		if end < 0 {
			return strings.TrimSuffix(tag[k:], "/")
		}
		return tag[k : k+end]
	}
	return ""
}

package simulate

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/scrutineer/scrutineer/object"
)

// ShareKinds are the object kinds the share tables hold, in a fixed order.
var ShareKinds = []object.Kind{object.KindURL, object.KindDomain, object.KindHashtag, object.KindRepost,
	object.KindReply, object.KindMention, object.KindText, object.KindMedia}

// Key returns a post's id across platforms, as the share tables write it.
func (w *World) PostKey(i int) string {
	p := &w.Posts[i]
	return string(p.Platform) + ":" + p.ID
}

// share is one row of a share table.
type share struct {
	kind   object.Kind
	object string
}

// sharesOf lists what a post shares, as canonical objects of every kind.
// Text is only an object when it is long enough to be telling.
func (w *World) sharesOf(i int, out []share) []share {
	p := &w.Posts[i]
	out = out[:0]
	add := func(k object.Kind, raw string) {
		if v, err := object.Normalize(k, raw); err == nil && v != "" {
			out = append(out, share{k, v})
		}
	}
	if p.RepostOf >= 0 {
		out = append(out, share{object.KindRepost, w.PostKey(p.RepostOf)})
		return out // a repost shares its original, nothing of its own
	}
	if p.ReplyTo >= 0 {
		out = append(out, share{object.KindReply, w.PostKey(p.ReplyTo)})
	}
	for _, u := range p.URLs {
		add(object.KindURL, u)
		add(object.KindDomain, u)
	}
	for _, h := range p.Hashtags {
		add(object.KindHashtag, h)
	}
	for _, m := range p.Mentions {
		out = append(out, share{object.KindMention, w.Accounts[m].Key()})
	}
	if t := object.Text(p.Text); len(strings.Fields(t)) >= 6 {
		out = append(out, share{object.KindText, t})
	}
	for _, m := range p.Media {
		add(object.KindMedia, m)
	}
	return out
}

// WriteShares writes the share table of every object kind in CooRTweet's
// columns (object_id, account_id, content_id, timestamp_share) and an
// object_kind column, which scrutineer detect reads to keep kinds apart.
// Objects are canonical keys (object.Normalize); account and content ids
// are the platform's ids prefixed with the platform ("x:1234").
func WriteShares(w io.Writer, wd *World) error {
	return WriteShareTables(wd, w, nil)
}

// WriteSharesOfKind writes the share table of one kind, without the kind
// column: what CooRTweet's reshape functions would give for that kind.
func WriteSharesOfKind(w io.Writer, wd *World, k object.Kind) error {
	return WriteShareTables(wd, nil, map[object.Kind]io.Writer{k: w})
}

// WriteShareTables writes, in one pass over the posts, the table of all
// kinds to all (when not nil) and each kind's own table to byKind[kind].
func WriteShareTables(wd *World, all io.Writer, byKind map[object.Kind]io.Writer) error {
	// Destination 0 is the table of all kinds; 1+k is kind k's.
	dests := make([]*bufio.Writer, 1+len(ShareKinds))
	names := make([]string, len(dests))
	if all != nil {
		dests[0], names[0] = bufio.NewWriterSize(all, 1<<20), "shares"
	}
	for k, kind := range ShareKinds {
		if w := byKind[kind]; w != nil {
			dests[1+k], names[1+k] = bufio.NewWriterSize(w, 1<<20), "shares of kind "+kind.String()
		}
	}
	const header = "object_id,account_id,content_id,timestamp_share"
	for d, bw := range dests {
		if bw == nil {
			continue
		}
		h := header + "\n"
		if d == 0 {
			h = header + ",object_kind\n"
		}
		if _, err := bw.WriteString(h); err != nil {
			return fmt.Errorf("write %s: %w", names[d], err)
		}
	}
	var slot [256]int // by kind; 0 for none
	for k, kind := range ShareKinds {
		slot[kind] = 1 + k
	}
	// Posts are formatted in blocks on every core, then written in order.
	const block = 1 << 14
	cores := runtime.GOMAXPROCS(0)
	bufs := make([][][]byte, cores)
	for j := range bufs {
		bufs[j] = make([][]byte, len(dests))
	}
	for base := 0; base < len(wd.Posts); base += cores * block {
		var wg sync.WaitGroup
		for j := range cores {
			lo, hi := base+j*block, min(base+(j+1)*block, len(wd.Posts))
			wg.Go(func() {
				out := bufs[j]
				for d := range out {
					out[d] = out[d][:0]
				}
				var rows []share
				for i := lo; i < hi; i++ {
					rows = wd.sharesOf(i, rows)
					if len(rows) == 0 {
						continue
					}
					p := &wd.Posts[i]
					var tail []byte // ",account,content,time"
					tail = append(tail, ',')
					tail = appendCSV(tail, wd.Accounts[p.Account].Key())
					tail = append(tail, ',')
					tail = appendCSV(tail, wd.PostKey(i))
					tail = append(tail, ',')
					tail = strconv.AppendFloat(tail, float64(p.Time.UnixMilli())/1000, 'f', -1, 64)
					for _, s := range rows {
						if dests[0] != nil {
							b := appendCSV(out[0], s.object)
							b = append(b, tail...)
							b = append(b, ',')
							b = append(b, s.kind.String()...)
							out[0] = append(b, '\n')
						}
						if d := slot[s.kind]; d > 0 && dests[d] != nil {
							b := appendCSV(out[d], s.object)
							b = append(b, tail...)
							out[d] = append(b, '\n')
						}
					}
				}
			})
		}
		wg.Wait()
		for _, out := range bufs {
			for d, b := range out {
				if dests[d] == nil {
					continue
				}
				if _, err := dests[d].Write(b); err != nil {
					return fmt.Errorf("write %s: %w", names[d], err)
				}
			}
		}
	}
	for d, bw := range dests {
		if bw == nil {
			continue
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("write %s: %w", names[d], err)
		}
	}
	return nil
}

// appendCSV appends a CSV field, quoted when it must be.
func appendCSV(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

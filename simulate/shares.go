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
	return writeShareTable(w, wd, nil)
}

// WriteSharesOfKind writes the share table of one kind, without the kind
// column: what CooRTweet's reshape functions would give for that kind.
func WriteSharesOfKind(w io.Writer, wd *World, k object.Kind) error {
	return writeShareTable(w, wd, &k)
}

func writeShareTable(w io.Writer, wd *World, only *object.Kind) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	withKind := only == nil
	header := "object_id,account_id,content_id,timestamp_share"
	if withKind {
		header += ",object_kind"
	}
	if _, err := bw.WriteString(header + "\n"); err != nil {
		return fmt.Errorf("write shares: %w", err)
	}
	// Posts are formatted in blocks on every core, then written in order.
	const block = 1 << 14
	k := runtime.GOMAXPROCS(0)
	bufs := make([][]byte, k)
	for base := 0; base < len(wd.Posts); base += k * block {
		var wg sync.WaitGroup
		for j := range k {
			lo, hi := base+j*block, min(base+(j+1)*block, len(wd.Posts))
			wg.Go(func() {
				b := bufs[j][:0]
				var rows []share
				for i := lo; i < hi; i++ {
					rows = wd.sharesOf(i, rows)
					p := &wd.Posts[i]
					acc := wd.Accounts[p.Account].Key()
					content := wd.PostKey(i)
					ts := strconv.FormatFloat(float64(p.Time.UnixMilli())/1000, 'f', -1, 64)
					for _, s := range rows {
						if only != nil && s.kind != *only {
							continue
						}
						b = appendCSV(b, s.object)
						b = append(b, ',')
						b = appendCSV(b, acc)
						b = append(b, ',')
						b = appendCSV(b, content)
						b = append(b, ',')
						b = append(b, ts...)
						if withKind {
							b = append(b, ',')
							b = append(b, s.kind.String()...)
						}
						b = append(b, '\n')
					}
				}
				bufs[j] = b
			})
		}
		wg.Wait()
		for _, b := range bufs {
			if _, err := bw.Write(b); err != nil {
				return fmt.Errorf("write shares: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write shares: %w", err)
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

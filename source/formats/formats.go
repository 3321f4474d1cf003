// Package formats lists every format Scrutineer reads, finds one by name,
// and recognises the format of a file from its first bytes.
package formats

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/scrutineer/scrutineer/source"
	"github.com/scrutineer/scrutineer/source/bluesky"
	"github.com/scrutineer/scrutineer/source/coortweet"
	"github.com/scrutineer/scrutineer/source/ioarchive"
	"github.com/scrutineer/scrutineer/source/ira538"
	"github.com/scrutineer/scrutineer/source/mastodon"
	"github.com/scrutineer/scrutineer/source/meta"
	"github.com/scrutineer/scrutineer/source/records"
	"github.com/scrutineer/scrutineer/source/reddit"
	"github.com/scrutineer/scrutineer/source/telegram"
	"github.com/scrutineer/scrutineer/source/tiktok"
	"github.com/scrutineer/scrutineer/source/x"
	"github.com/scrutineer/scrutineer/source/youtube"
	"github.com/scrutineer/scrutineer/suggest"
)

// All returns the formats, in a fixed order.
func All() []source.Format {
	return []source.Format{
		records.Format,
		coortweet.RecordsFormat,
		x.FormatV2,
		x.FormatV1,
		bluesky.FormatJetstream,
		bluesky.FormatRecords,
		mastodon.FormatStatuses,
		mastodon.FormatStreaming,
		telegram.Format,
		reddit.Format,
		ioarchive.FormatTweets,
		ioarchive.FormatUsers,
		ira538.Format,
		meta.FormatContentLibrary,
		meta.FormatCrowdTangle,
		tiktok.Format,
		youtube.Format,
	}
}

// Names returns the formats' names, in the order of All.
func Names() []string {
	var out []string
	for _, f := range All() {
		out = append(out, f.Name)
	}
	return out
}

// Lookup returns the format of that name.
func Lookup(name string) (source.Format, error) {
	for _, f := range All() {
		if f.Name == name {
			return f, nil
		}
	}
	hint := ""
	if best := suggest.Closest(name, Names()); best != "" {
		hint = fmt.Sprintf(" (did you mean %q?)", best)
	}
	return source.Format{}, fmt.Errorf("unknown format %q%s; known formats: %s", name, hint, strings.Join(Names(), ", "))
}

// Guess is a format and how sure Detect is of it (1 to 100).
type Guess struct {
	Format source.Format
	Score  int
}

// Sure is the score from which Detect's best guess is taken without asking.
const Sure = 50

// Detect scores every format on a file's name and first bytes (up to
// source.SniffSize), best first, leaving out those that score 0.
func Detect(name string, head []byte) []Guess {
	var out []Guess
	for _, f := range All() {
		if s := min(100, f.Sniff(name, head)); s > 0 {
			out = append(out, Guess{f, s})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// Choose picks the format of a file: the best guess when it is sure
// enough and not tied, else an error naming the closest candidates.
func Choose(name string, head []byte) (Guess, error) {
	g := Detect(name, head)
	switch {
	case len(g) > 0 && g[0].Score >= Sure && (len(g) == 1 || g[1].Score < g[0].Score):
		return g[0], nil
	case len(g) == 0:
		return Guess{}, fmt.Errorf("unknown format: no reader recognises it (give --format; known: %s)", strings.Join(Names(), ", "))
	}
	var cands []string
	for _, x := range g[:min(3, len(g))] {
		cands = append(cands, fmt.Sprintf("%s (%d%%)", x.Format.Name, x.Score))
	}
	if g[0].Score >= Sure {
		return Guess{}, fmt.Errorf("ambiguous format: %s fit equally well; give --format", strings.Join(cands, ", "))
	}
	return Guess{}, fmt.Errorf("unknown format; closest: %s; give --format if it is one of them", strings.Join(cands, ", "))
}

// Sniff chooses the format of the file called name (".gz" aside) from the
// first SniffSize bytes of r, its decompressed content. The reader it
// returns gives all of r; a read error met while looking (a cut-off gzip
// stream) comes again from it, after the bytes before it.
func Sniff(name string, r io.Reader) (io.Reader, Guess, error) {
	br := bufio.NewReaderSize(r, source.SniffSize)
	head, _ := br.Peek(source.SniffSize)
	g, err := Choose(strings.TrimSuffix(filepath.Base(name), ".gz"), head)
	return br, g, err
}

package mastodon

import "github.com/scrutineer/scrutineer/source"

// Live reads statuses as a live connection gives them: one status (a
// streaming update) or one page of a timeline at a time. Between values it
// remembers the statuses read (local id to URI), so that a reply to one of
// them names it by URI; posts naming a status not read go out at once,
// with the local id, rather than wait for it.
type Live struct{ r *reader }

// NewLive returns a Live that gives records to sink; name names the stream
// in rejects.
func NewLive(name string, sink source.Sink) *Live {
	return &Live{r: newReader(name, sink)}
}

// Statuses reads raw, a Status entity or an array of them, numbered n in
// rejects. A malformed status is rejected to the sink; the error returned
// is the sink's. raw is not kept.
func (l *Live) Statuses(raw []byte, n int) error {
	if err := l.r.top(raw, n); err != nil {
		return err
	}
	return l.r.flush()
}

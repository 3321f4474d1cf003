package bluesky

import "github.com/scrutineer/scrutineer/source"

// Events reads Jetstream events one at a time, as a live connection gives
// them. Between events it keeps what FormatJetstream's Read keeps between
// lines: the handles learnt from identity events, and the account records
// that wait for a profile until Flush.
type Events struct{ r *reader }

// NewEvents returns an Events that gives records to sink; name names the
// stream in rejects.
func NewEvents(name string, sink source.Sink) *Events {
	return &Events{r: newReader(name, sink)}
}

// Event reads one event, numbered n in rejects. A malformed event is
// rejected to the sink; the error returned is the sink's. raw is not kept.
func (e *Events) Event(raw []byte, n int) error {
	v := e.r.parse(raw, n)
	if v == nil {
		return nil
	}
	return e.r.event(v, raw, n, "")
}

// Flush sends the account records still waiting for a profile.
func (e *Events) Flush() error { return e.r.flush() }

// Package connector holds what the live connectors share: the cursors
// they resume from, the backoff between reconnections and the status they
// report. The connectors themselves (jetstream, mastodon) are long-running
// sources: each reads a platform's live stream and gives the records to a
// source.Sink, through the parsers of source/, until its context ends.
//
// Delivery is at least once: after a reconnection or a restart a connector
// goes back a little before its cursor rather than risk a gap, and the
// store, which is idempotent, drops what it already has.
package connector

import "context"

// Flusher is a sink that holds records before storing them. A connector
// calls Flush before it saves a cursor, so that a saved cursor never runs
// ahead of what is stored.
type Flusher interface {
	Flush(ctx context.Context) error
}

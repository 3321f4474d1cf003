package source

import (
	"io"

	"github.com/scrutineer/scrutineer"
)

// Format is a native format of platform or archive data.
type Format struct {
	// Name is what --format takes ("x-v2", "bluesky-jetstream").
	Name string
	// Platform is where the format's records come from; empty when the
	// records say (a generic table).
	Platform scrutineer.Platform
	// About says in a line what the format is.
	About string
	// Sniff says how sure it is, from 0 (not this format) to 100, that a
	// file is in this format, from its name and its first bytes (up to
	// SniffSize, decompressed). It must not panic on any input.
	Sniff func(name string, head []byte) int
	// Read parses r, whose name for messages is file, giving every record
	// to sink. It streams: memory does not grow with the input.
	Read func(r io.Reader, file string, sink Sink) error
}

// SniffSize is how much of a file Sniff sees.
const SniffSize = 64 << 10

// Sink takes what a reader reads.
type Sink interface {
	// Record takes a normalized record. The record is the sink's to keep.
	// An error stops the reading and is returned by Read.
	Record(scrutineer.Record) error
	// Reject takes a record that could not be read, saying where and why;
	// reading goes on with the next one.
	Reject(*RowError)
}

// MaxRecord bounds one record (a JSON value, a CSV row): what is longer is
// rejected, so that no input makes a reader allocate without bound.
const MaxRecord = 64 << 20

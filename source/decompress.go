package source

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
)

// Decompress returns a reader of r's content, unwrapping gzip when r starts
// with gzip's magic bytes, and reports whether it did.
func Decompress(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return nil, false, fmt.Errorf("read: %w", err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, false, fmt.Errorf("gzip: %w", err)
		}
		return zr, true, nil
	}
	return br, false, nil
}

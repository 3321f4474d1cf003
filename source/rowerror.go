package source

import "fmt"

// RowError is a record that could not be read: where it is and why.
type RowError struct {
	File string
	// Line is the 1-based line on which the record starts; 0 when unknown,
	// and then Offset, when above 0, is the byte at which it starts.
	Line   int
	Offset int64
	// Field names the column or key at fault, when one is.
	Field string
	Err   error
}

func (e *RowError) Error() string {
	where := e.File
	if where == "" {
		where = "input"
	}
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", where, e.Line)
	} else if e.Offset > 0 {
		where = fmt.Sprintf("%s: byte %d", where, e.Offset)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %v", where, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", where, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Quote shortens a value for an error message.
func Quote(s string) string {
	const max = 60
	if len(s) > max {
		// Cut on a rune boundary so the message stays valid UTF-8.
		cut := max
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}

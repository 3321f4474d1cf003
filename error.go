package scrutineer

import (
	"errors"
	"fmt"
)

// Error codes: what kind of failure an error is, so that the API answers
// with the right status and the UI with the right page, whichever store
// or stream the error came from.
const (
	EConflict     = "conflict"     // the change clashes with what is stored
	EInternal     = "internal"     // a fault of ours; the details are logged
	EInvalid      = "invalid"      // the request is malformed or breaks a rule
	ENotFound     = "not_found"    // nothing has that id
	EUnauthorized = "unauthorized" // no valid credentials
	EForbidden    = "forbidden"    // valid credentials without the right
	ETooMany      = "too_many"     // throttled: try again later
	EUnavailable  = "unavailable"  // a part the request needs is not ready
)

// Error is an error that users may see: a code and a message written for
// them. Other errors are internal, and only their code is shown.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of the first *Error in err's chain, and
// a generic message for any other error.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	}
	return "internal error"
}

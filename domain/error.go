package domain

import (
	"errors"
	"fmt"
)

// Error codes: the project's one error vocabulary. The edges (GraphQL, the
// plain HTTP endpoints, the CLI) map them to their own status codes, once.
const (
	EINVALID      = "invalid"      // the caller's input is wrong; retrying the same input fails again
	ENOTFOUND     = "not_found"    // the named thing does not exist
	EUNAUTHORIZED = "unauthorized" // a token is missing or wrong
	EFORBIDDEN    = "forbidden"    // the operation is not allowed at all (e.g. writes on the Cypher endpoint)
	ELIMIT        = "limit"        // the request exceeds a documented limit
	ETIMEOUT      = "timeout"      // the operation ran out of time
	EUNAVAILABLE  = "unavailable"  // a dependency (Neo4j) cannot be reached or is overloaded; retry later
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// Error is an error whose code and message are safe to show to the caller.
// Wrap the underlying cause in Err so that logs keep it.
type Error struct {
	Code    string
	Message string
	// Details carries machine-readable context for the caller (e.g. Neo4j's
	// status code and the position of a syntax error).
	Details map[string]any
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := asError(err); ok {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the caller-safe message of err. Errors that are not
// *Error are not shown: they may carry internals.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := asError(err); ok {
		return e.Message
	}
	return "internal error"
}

// ErrorDetails returns the details of the first *Error in err's chain.
func ErrorDetails(err error) map[string]any {
	if e, ok := asError(err); ok {
		return e.Details
	}
	return nil
}

// asError returns the first *Error in err's chain.
func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

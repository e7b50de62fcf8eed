package domain

import (
	"errors"
	"strings"
)

// Problem is one thing wrong with one field of a record.
type Problem struct {
	Field   string
	Message string
}

// Problems collects every problem of a record, so that a user fixes them
// all in one pass instead of one per run.
type Problems []Problem

// Add records a problem with field.
func (p *Problems) Add(field, message string) {
	*p = append(*p, Problem{Field: field, Message: message})
}

// Err returns nil when there are no problems, else an EINVALID
// *ValidationError listing them.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: p.String(), Err: &ValidationError{Problems: p}}
}

func (p Problems) String() string {
	parts := make([]string, len(p))
	for i, pr := range p {
		parts[i] = pr.Field + ": " + pr.Message
	}
	return strings.Join(parts, "; ")
}

// ValidationError carries the problems of a record for callers that place
// them (the loader puts a file and line on each).
type ValidationError struct {
	Problems Problems
}

func (e *ValidationError) Error() string { return e.Problems.String() }

// ProblemsOf returns the problems behind a validation error, or nil.
func ProblemsOf(err error) Problems {
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Problems
	}
	return nil
}

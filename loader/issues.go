package loader

import (
	"fmt"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// Issue is one problem found in the input.
type Issue struct {
	Pos     Position
	Field   string
	Message string
}

func (i Issue) String() string {
	if i.Field == "" {
		return fmt.Sprintf("%s: %s", i.Pos, i.Message)
	}
	return fmt.Sprintf("%s: %s: %s", i.Pos, i.Field, i.Message)
}

// InputError lists every problem found in the input. Nothing was written.
type InputError struct {
	Issues []Issue
}

func (e *InputError) Error() string {
	lines := make([]string, len(e.Issues))
	for i, is := range e.Issues {
		lines[i] = is.String()
	}
	return fmt.Sprintf("%d problem(s) in the input; nothing was written:\n%s", len(e.Issues), strings.Join(lines, "\n"))
}

// issues collects problems in input order.
type issues []Issue

func (is *issues) add(pos Position, field, format string, args ...any) {
	*is = append(*is, Issue{Pos: pos, Field: field, Message: fmt.Sprintf(format, args...)})
}

// Unwrap gives the problems as an EINVALID domain error, so the edges map
// them like any other; details list each problem for API clients.
func (e *InputError) Unwrap() error {
	problems := make([]map[string]any, len(e.Issues))
	for i, is := range e.Issues {
		problems[i] = map[string]any{"file": is.Pos.File, "line": is.Pos.Line, "field": is.Field, "message": is.Message}
	}
	return &domain.Error{Code: domain.EINVALID, Message: e.Error(), Details: map[string]any{"problems": problems}}
}

// err returns the collected problems as an *InputError, or nil.
func (is issues) err() error {
	if len(is) == 0 {
		return nil
	}
	return &InputError{Issues: is}
}

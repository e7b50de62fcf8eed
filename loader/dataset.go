// Package loader reads curated facts (YAML, JSON or CSV), validates them as
// one data set, and writes them to the graph in batches. The API's
// mutations go through Apply too, so every write is checked the same way.
package loader

import (
	"fmt"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// Position is where a record or field was read.
type Position struct {
	File string
	Line int
}

func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Record is one parsed record with the positions of its fields, so that a
// problem found later names the line of the field that caused it.
type Record[T any] struct {
	Value T
	Pos   Position
	// fieldLines maps "kind", "evidence[1]", ... to their lines.
	fieldLines map[string]int
	// mergeable marks CSV rows, where repeating a record with another piece
	// of evidence is how several pieces are written.
	mergeable bool
	// swapped marks a relation of a symmetric type whose ends were swapped
	// to orient it (domain.Relation.Orient).
	swapped bool
}

// endField is the field that an end of a relation ("from" or "to", as
// stored) was given in: the two trade places when the ends were swapped.
func (r *Record[T]) endField(end string) string {
	if !r.swapped {
		return end
	}
	if end == "from" {
		return "to"
	}
	return "from"
}

// at returns the position of field, or of the nearest enclosing field.
func (r *Record[T]) at(field string) Position {
	for f := field; f != ""; {
		if line, ok := r.fieldLines[f]; ok {
			return Position{File: r.Pos.File, Line: line}
		}
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return r.Pos
}

// Dataset is everything one load validates and writes together.
type Dataset struct {
	Sources   []*Record[*domain.Source]
	Actors    []*Record[*domain.Actor]
	Policies  []*Record[*domain.Policy]
	Events    []*Record[*domain.Event]
	Relations []*Record[*domain.Relation]
}

// Append adds all of other's records.
func (d *Dataset) Append(other *Dataset) {
	d.Sources = append(d.Sources, other.Sources...)
	d.Actors = append(d.Actors, other.Actors...)
	d.Policies = append(d.Policies, other.Policies...)
	d.Events = append(d.Events, other.Events...)
	d.Relations = append(d.Relations, other.Relations...)
}

// Size is the number of records.
func (d *Dataset) Size() int {
	return len(d.Sources) + len(d.Actors) + len(d.Policies) + len(d.Events) + len(d.Relations)
}

// Single wraps one value (from an API mutation) as a data set whose
// problems are reported at pos.
func Single[T any](value T, pos Position) *Record[T] {
	return &Record[T]{Value: value, Pos: pos}
}

package loader

import (
	"fmt"
	"os"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/actorgraph/actorgraph/domain"
)

// Relations are the bulk of a large load, so they are never all held in
// memory: a relations CSV file is read twice, a row at a time, once to
// validate and once, if everything is valid, to write. The validation pass
// keeps per relation only a hash of its identity, one of its other fields
// and where it was first seen; and the evidence of an identity repeated
// apart from its first run of adjacent rows (CSV's way of giving several
// pieces of evidence is adjacent rows, so this is usually nothing).

// input is what one load validates and writes: nodes in memory, and
// relations from sources that each pass reads again.
type input struct {
	nodes         *Dataset // nodes only; relations are in relations
	relations     []*relationSource
	files         []string // as given, to report problems in file order
	parseProblems issues
	// parse is the time spent reading and decoding files so far.
	parse time.Duration
	// ownsNodes is set when nodes were read for this load alone (not given
	// to Apply), so that what is written may be let go.
	ownsNodes bool
}

// relationSource is relation records in memory, or a relations CSV file
// streamed on each pass.
type relationSource struct {
	records []*Record[*domain.Relation]
	path    string
	// What the validation pass saw of the file; the write pass refuses a
	// file that changed since.
	opened  bool
	size    int64
	modTime time.Time
}

// eachRelation hands every relation record to fn, in input order. It
// returns the problems found parsing streamed files; an error from fn, or
// a file that changed since the first pass, stops it.
func (in *input) eachRelation(fn func(*Record[*domain.Relation]) error) (issues, error) {
	var problems issues
	for _, src := range in.relations {
		if src.path == "" {
			for _, r := range src.records {
				if err := fn(r); err != nil {
					return problems, err
				}
			}
			continue
		}
		fileProblems, err := src.stream(fn, &in.parse)
		problems = append(problems, fileProblems...)
		if err != nil {
			return problems, err
		}
	}
	return problems, nil
}

// stream reads the file, handing each record to fn, and adds the time it
// spent reading to parse (the whole of it, less fn's).
func (src *relationSource) stream(fn func(*Record[*domain.Relation]) error, parse *time.Duration) (issues, error) {
	start, handling := time.Now(), time.Duration(0)
	defer func() { *parse += time.Since(start) - handling }()
	var problems issues
	f, err := os.Open(src.path)
	if err == nil {
		defer f.Close()
	}
	var info os.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	switch {
	case err != nil && src.opened:
		return nil, fmt.Errorf("reading %s again to write it: %w", src.path, err)
	case err != nil:
		problems.add(Position{File: src.path}, "", "cannot read: %v", err)
		return problems, nil
	case !src.opened:
		src.opened, src.size, src.modTime = true, info.Size(), info.ModTime()
	case info.Size() != src.size || !info.ModTime().Equal(src.modTime):
		return nil, fmt.Errorf("%s changed during the load: load again", src.path)
	}
	scratch := &Dataset{}
	return readCSV(src.path, f, kindRelations, func(node *yaml.Node) (issues, error) {
		scratch.Relations = scratch.Relations[:0]
		rowProblems := decodeRecord(scratch, src.path, kindRelations, node, true)
		for _, r := range scratch.Relations {
			handed := time.Now()
			err := fn(r)
			since(&handling, handed)
			if err != nil {
				return rowProblems, err
			}
		}
		return rowProblems, nil
	})
}

package loader

import (
	"errors"
	"fmt"
	"io"
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
	// times are where the passes over relations spent their time so far;
	// times.Parse counts the reading of node files too.
	times streamTimes
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
		fileProblems, err := src.stream(fn, &in.times)
		problems = append(problems, fileProblems...)
		if err != nil {
			return problems, err
		}
	}
	return problems, nil
}

// stream reads the file, handing each record to fn. The file is read and
// decoded on a goroutine of its own, a chunk of records ahead of fn, so
// that parsing overlaps fn's checks or writes. It adds to t the time spent
// reading (Parse) and the time fn waited for records (Waited).
func (src *relationSource) stream(fn func(*Record[*domain.Relation]) error, t *streamTimes) (issues, error) {
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
	r := startReading(src.path, f, &t.Parse)
	for {
		waiting := time.Now()
		chunk, ok := <-r.chunks
		since(&t.Waited, waiting)
		if !ok {
			return r.problems, r.err
		}
		for _, rec := range chunk {
			if err := fn(rec); err != nil {
				r.stop()
				return r.problems, err
			}
		}
	}
}

// streamTimes are where a pass over streamed relations spent its time.
type streamTimes struct {
	Parse  time.Duration // reading and decoding, on the reading goroutine
	Waited time.Duration // the pass waiting for records to be read
}

// readChunk is how many records the reading goroutine hands over at once.
const readChunk = 256

// recordReader reads a relations CSV file on a goroutine of its own, at
// most a few chunks ahead. problems and err are set once chunks is closed.
type recordReader struct {
	chunks   chan []*Record[*domain.Relation]
	quit     chan struct{}
	problems issues
	err      error
}

var errStopped = fmt.Errorf("stopped")

func startReading(path string, f io.Reader, parse *time.Duration) *recordReader {
	r := &recordReader{chunks: make(chan []*Record[*domain.Relation], 4), quit: make(chan struct{})}
	go func() {
		defer close(r.chunks)
		start, blocked := time.Now(), time.Duration(0)
		defer func() { *parse += time.Since(start) - blocked }()
		scratch := &Dataset{}
		chunk := make([]*Record[*domain.Relation], 0, readChunk)
		send := func() error {
			if len(chunk) == 0 {
				return nil
			}
			defer since(&blocked, time.Now())
			select {
			case r.chunks <- chunk:
				chunk = make([]*Record[*domain.Relation], 0, readChunk)
				return nil
			case <-r.quit:
				return errStopped
			}
		}
		problems, err := readCSV(path, f, kindRelations, func(node *yaml.Node) (issues, error) {
			scratch.Relations = scratch.Relations[:0]
			rowProblems := decodeRecord(scratch, path, kindRelations, node, true)
			chunk = append(chunk, scratch.Relations...)
			if len(chunk) < readChunk {
				return rowProblems, nil
			}
			return rowProblems, send()
		})
		if err == nil {
			err = send()
		}
		if errors.Is(err, errStopped) {
			err = nil
		}
		r.problems, r.err = problems, err
	}()
	return r
}

// stop ends the reading early and waits for the goroutine to be done.
func (r *recordReader) stop() {
	close(r.quit)
	for range r.chunks {
	}
}

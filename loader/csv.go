package loader

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxRowSize bounds one CSV row, header included: the csv package has no
// limit of its own and holds a row whole in memory. A row of up to
// maxRowSize bytes is always read, one over maxRowSize+csvReadAhead never.
// Relations files have no size limit since they are read a row at a time.
const maxRowSize = 8 << 20

// csvReadAhead is the buffer between the file and the csv reader.
const csvReadAhead = 64 << 10

var errRowTooLong = fmt.Errorf("row longer than %d bytes", maxRowSize)

// rowLimiter refuses to hand the csv reader more than maxRowSize bytes (and
// its read-ahead) past the end of the last row it returned.
type rowLimiter struct {
	r     io.Reader
	read  int64
	limit int64
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.read >= l.limit {
		return 0, errRowTooLong
	}
	if int64(len(p)) > l.limit-l.read {
		p = p[:l.limit-l.read]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// readCSV streams a CSV file: each row becomes the mapping a YAML record
// would be, with the row's line on every node, so that both formats share
// one decoder and one set of checks, and is handed to each at once; no row
// is kept. It returns the problems of the file and those each returns, in
// row order; an error from each stops the reading and is returned.
func readCSV(path string, in io.Reader, kind recordKind, each func(*yaml.Node) (issues, error)) (issues, error) {
	var problems issues
	limiter := &rowLimiter{r: in, limit: maxRowSize + csvReadAhead}
	r := csv.NewReader(bufio.NewReaderSize(limiter, csvReadAhead))
	r.FieldsPerRecord = 0 // every row as wide as the header
	r.ReuseRecord = true
	nextLine := 1 // the line after the last row read, for errors with no line of their own
	tooLong := func(err error) bool {
		if !errors.Is(err, errRowTooLong) {
			return false
		}
		problems.add(Position{File: path, Line: nextLine}, "", "malformed CSV: %v; the rest of the file is not read", errRowTooLong)
		return true
	}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if tooLong(err) {
		return problems, nil
	}
	if err != nil {
		problems.add(Position{File: path, Line: csvErrorLine(err, 1)}, "", "malformed CSV header: %v", csvErrorText(err))
		return problems, nil
	}
	header, problems = csvHeader(path, kind, header)
	if len(problems) > 0 {
		return problems, nil
	}
	allowed := fieldsOf[kind]
	for {
		limiter.limit = r.InputOffset() + maxRowSize + csvReadAhead
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if tooLong(err) {
			break
		}
		if err != nil {
			problems.add(Position{File: path, Line: csvErrorLine(err, 0)}, "", "malformed CSV: %s", csvErrorText(err))
			var parseErr *csv.ParseError
			if errors.As(err, &parseErr) && errors.Is(parseErr.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		line, _ := r.FieldPos(0)
		last, _ := r.FieldPos(len(row) - 1)
		nextLine = last + 1
		node, rowProblems := csvRow(path, line, header, row, allowed)
		problems = append(problems, rowProblems...)
		if node != nil {
			more, err := each(node)
			problems = append(problems, more...)
			if err != nil {
				return problems, err
			}
		}
	}
	return problems, nil
}

// csvHeader trims the column names (and a byte order mark) and checks
// them: each a field of kind, or a claim field (source, quote, …) for
// evidence, once.
func csvHeader(path string, kind recordKind, header []string) ([]string, issues) {
	var problems issues
	header = slices.Clone(header)
	allowed := fieldsOf[kind]
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		_, known := allowed[h]
		evidenceColumn := evidenceFieldNames[h] && allowed["evidence"] == shapeEvidence
		switch {
		case seen[h]:
			problems.add(Position{File: path, Line: 1}, h, "column given twice")
		case h == "evidence" || (!known && !evidenceColumn):
			problems.add(Position{File: path, Line: 1}, h, "unknown column for %s; allowed: %s", kind, strings.Join(csvColumns(kind), ", "))
		}
		seen[h] = true
	}
	return header, problems
}

func csvRow(path string, line int, header, row []string, allowed map[string]fieldShape) (*yaml.Node, issues) {
	var problems issues
	node := &yaml.Node{Kind: yaml.MappingNode, Line: line}
	claim := map[string]string{}
	for i, cell := range row {
		name := header[i]
		if cell == "" {
			continue
		}
		if evidenceFieldNames[name] {
			claim[name] = cell
			continue
		}
		value := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: cell, Line: line}
		switch allowed[name] {
		case shapeNumber:
			value.Tag = "" // resolved like a bare YAML scalar: 0.8 is a number
		case shapeList:
			value = &yaml.Node{Kind: yaml.SequenceNode, Line: line}
			for _, item := range strings.Split(cell, ";") {
				if item = strings.TrimSpace(item); item != "" {
					value.Content = append(value.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: item, Line: line})
				}
			}
		case shapeMap:
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(cell), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
				problems.add(Position{File: path, Line: line}, name, "must be a JSON object such as {\"amountUsd\": 51000000}")
				continue
			}
			value = doc.Content[0]
			setLine(value, line)
		}
		node.Content = append(node.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, Line: line}, value)
	}
	if len(claim) > 0 {
		node.Content = append(node.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "evidence", Line: line},
			&yaml.Node{Kind: yaml.SequenceNode, Line: line, Content: []*yaml.Node{claimNode(claim, line)}})
	}
	return node, problems
}

// claimNode is the one claim of a CSV row, from its claim columns: source
// and quote always (an empty one is reported as missing), the others when
// given.
func claimNode(claim map[string]string, line int) *yaml.Node {
	item := &yaml.Node{Kind: yaml.MappingNode, Line: line}
	for _, name := range claimFields {
		value, ok := claim[name]
		if !ok && name != "source" && name != "quote" {
			continue
		}
		item.Content = append(item.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, Line: line},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: line})
	}
	return item
}

// setLine puts every node of a cell's value on the row's line.
func setLine(n *yaml.Node, line int) {
	n.Line = line
	for _, c := range n.Content {
		setLine(c, line)
	}
}

func csvColumns(kind recordKind) []string {
	var cols []string
	for _, name := range sortedKeys(fieldsOf[kind]) {
		if fieldsOf[kind][name] == shapeEvidence {
			cols = append(cols, claimFields...)
			continue
		}
		cols = append(cols, name)
	}
	return cols
}

func csvErrorLine(err error, fallback int) int {
	var parseErr *csv.ParseError
	if errors.As(err, &parseErr) && parseErr.Line > 0 {
		return parseErr.Line
	}
	return fallback
}

func csvErrorText(err error) string {
	var parseErr *csv.ParseError
	if errors.As(err, &parseErr) {
		return parseErr.Err.Error()
	}
	return err.Error()
}

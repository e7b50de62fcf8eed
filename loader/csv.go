package loader

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// csvRecords turns each CSV row into the same mapping a YAML record would
// be, with the row's line on every node, so that both formats share one
// decoder and one set of checks.
func csvRecords(path string, data []byte, kind recordKind) ([]*yaml.Node, issues) {
	var problems issues
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 0 // every row as wide as the header
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		problems.add(Position{File: path, Line: csvErrorLine(err, 1)}, "", "malformed CSV header: %v", csvErrorText(err))
		return nil, problems
	}
	allowed := fieldsOf[kind]
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		_, known := allowed[h]
		evidenceColumn := (h == "source" || h == "quote") && allowed["evidence"] == shapeEvidence
		switch {
		case seen[h]:
			problems.add(Position{File: path, Line: 1}, h, "column given twice")
		case h == "evidence" || (!known && !evidenceColumn):
			problems.add(Position{File: path, Line: 1}, h, "unknown column for %s; allowed: %s", kind, strings.Join(csvColumns(kind), ", "))
		}
		seen[h] = true
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var records []*yaml.Node
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
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
		node, rowProblems := csvRow(path, line, header, row, allowed)
		problems = append(problems, rowProblems...)
		if node != nil {
			records = append(records, node)
		}
	}
	return records, problems
}

func csvRow(path string, line int, header, row []string, allowed map[string]fieldShape) (*yaml.Node, issues) {
	var problems issues
	node := &yaml.Node{Kind: yaml.MappingNode, Line: line}
	var source, quote string
	for i, cell := range row {
		name := header[i]
		if cell == "" {
			continue
		}
		switch name {
		case "source":
			source = cell
			continue
		case "quote":
			quote = cell
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
	if source != "" || quote != "" {
		item := &yaml.Node{Kind: yaml.MappingNode, Line: line}
		for _, kv := range [][2]string{{"source", source}, {"quote", quote}} {
			item.Content = append(item.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kv[0], Line: line},
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kv[1], Line: line})
		}
		node.Content = append(node.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "evidence", Line: line},
			&yaml.Node{Kind: yaml.SequenceNode, Line: line, Content: []*yaml.Node{item}})
	}
	return node, problems
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
			cols = append(cols, "source", "quote")
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

package loader

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/actorgraph/actorgraph/domain"
)

// maxFileSize bounds a file that is read whole (YAML, JSON, and the CSV
// files of nodes, which are kept in memory); larger data sets are split into
// several files of a kind (actors-1.csv, actors-2.csv). Relations CSV files
// are streamed and have no limit but maxRowSize.
const maxFileSize = 1 << 30

// ReadPaths parses files and folders (every .yaml, .yml, .json and .csv
// directly inside) into one data set held in memory. Parse problems are
// collected across all files and returned together. Loader.Load does not
// use it: it streams relations CSV files instead of holding them.
func ReadPaths(paths []string) (*Dataset, error) {
	files, problems := listFiles(paths)
	ds := &Dataset{}
	for _, f := range files {
		part, fileProblems := readFile(f)
		problems = append(problems, fileProblems...)
		ds.Append(part)
	}
	return ds, problems.err()
}

// listFiles expands folders into the input files directly inside them.
func listFiles(paths []string) ([]string, issues) {
	var files []string
	var problems issues
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			problems.add(Position{File: p}, "", "cannot read: %v", err)
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			problems.add(Position{File: p}, "", "cannot read folder: %v", err)
			continue
		}
		for _, e := range entries {
			if !e.IsDir() && inputExtension(e.Name()) {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
	}
	if len(files) == 0 && len(problems) == 0 {
		problems.add(Position{File: strings.Join(paths, " ")}, "", "no .yaml, .yml, .json or .csv files found")
	}
	return files, problems
}

// readInput is what Load reads before validating: nodes, and relations
// from YAML and JSON files, in memory; relations CSV files only by name, to
// be streamed by each pass over the relations.
func readInput(paths []string) *input {
	files, problems := listFiles(paths)
	in := &input{nodes: &Dataset{}, files: files, parseProblems: problems, ownsNodes: true}
	for _, f := range files {
		if kind, _ := kindOf(f); kind == kindRelations && isCSV(f) {
			in.relations = append(in.relations, &relationSource{path: f})
			continue
		}
		start := time.Now()
		part, fileProblems := readFile(f)
		since(&in.times.Parse, start)
		in.parseProblems = append(in.parseProblems, fileProblems...)
		if len(part.Relations) > 0 {
			in.relations = append(in.relations, &relationSource{records: part.Relations})
			part.Relations = nil
		}
		in.nodes.Append(part)
	}
	return in
}

func inputExtension(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".csv":
		return true
	}
	return false
}

func isCSV(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".csv")
}

var kindWord = regexp.MustCompile(`^[a-zA-Z]+`)

func kindOf(path string) (recordKind, bool) {
	k := recordKind(strings.ToLower(kindWord.FindString(filepath.Base(path))))
	_, ok := fieldsOf[k]
	return k, ok
}

func readFile(path string) (*Dataset, issues) {
	kind, ok := kindOf(path)
	if !ok {
		return unreadable(path, "cannot tell what the file holds: its name must start with actors, policies, events, sources or relations")
	}
	if !inputExtension(path) {
		return unreadable(path, "unsupported file type: use .yaml, .yml, .json or .csv")
	}
	f, err := os.Open(path)
	if err != nil {
		return unreadable(path, "cannot read: %v", err)
	}
	defer f.Close()
	if isCSV(path) {
		if info, err := f.Stat(); err == nil && info.Size() > maxFileSize {
			return unreadable(path, "larger than %d bytes: split it into several files", maxFileSize)
		}
		ds, problems, err := parseCSV(path, kind, f)
		if err != nil {
			problems.add(Position{File: path}, "", "cannot read: %v", err)
		}
		return ds, problems
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return unreadable(path, "cannot read: %v", err)
	}
	if len(data) > maxFileSize {
		return unreadable(path, "larger than %d bytes: split it into several files", maxFileSize)
	}
	return parse(path, kind, data)
}

// unreadable is what a file that cannot be read at all gives: no records
// and the one problem.
func unreadable(path, format string, args ...any) (*Dataset, issues) {
	var problems issues
	problems.add(Position{File: path}, "", format, args...)
	return &Dataset{}, problems
}

// parse decodes a file's content.
func parse(path string, kind recordKind, data []byte) (*Dataset, issues) {
	if isCSV(path) {
		ds, problems, _ := parseCSV(path, kind, bytes.NewReader(data))
		return ds, problems
	}
	ds := &Dataset{}
	records, problems := yamlRecords(path, data)
	for _, node := range records {
		problems = append(problems, decodeRecord(ds, path, kind, node, false)...)
	}
	return ds, problems
}

// parseCSV decodes every row of a CSV file; the error is the reader's.
func parseCSV(path string, kind recordKind, in io.Reader) (*Dataset, issues, error) {
	ds := &Dataset{}
	problems, err := readCSV(path, in, kind, func(node *yaml.Node) (issues, error) {
		return decodeRecord(ds, path, kind, node, true), nil
	})
	return ds, problems, err
}

// yamlRecords reads a YAML or JSON file: a list of mappings.
func yamlRecords(path string, data []byte) ([]*yaml.Node, issues) {
	var problems issues
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		problems.add(Position{File: path, Line: yamlErrorLine(err)}, "", "not valid YAML/JSON: %s", yamlErrorText(err))
		return nil, problems
	}
	if len(doc.Content) == 0 {
		return nil, nil // an empty file holds no records
	}
	root := doc.Content[0]
	if root.Kind != yaml.SequenceNode {
		problems.add(Position{File: path, Line: root.Line}, "", "the file must be a list of records")
		return nil, problems
	}
	var records []*yaml.Node
	for _, item := range root.Content {
		if item.Kind != yaml.MappingNode {
			problems.add(Position{File: path, Line: item.Line}, "", "each record must be a mapping of field names to values")
			continue
		}
		records = append(records, item)
	}
	return records, problems
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) int {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var yamlNoise = regexp.MustCompile(`yaml: |unmarshal errors:|line \d+: `)

func yamlErrorText(err error) string {
	return strings.Join(strings.Fields(yamlNoise.ReplaceAllString(err.Error(), "")), " ")
}

// decodeRecord checks a record's field names, then decodes it into the
// dataset, recording each field's line.
func decodeRecord(ds *Dataset, path string, kind recordKind, node *yaml.Node, mergeable bool) issues {
	lines, problems := fieldLines(path, kind, node)
	if len(problems) > 0 {
		return problems
	}
	at := placement{pos: Position{File: path, Line: node.Line}, lines: lines, mergeable: mergeable}
	var err error
	switch kind {
	case kindSources:
		err = decodeAppend(node, &ds.Sources, at, func(f sourceFields) *domain.Source {
			src, srcErr := readSource(path, f)
			if srcErr != nil {
				problems.add(Position{File: path, Line: lines["file"]}, "file", "%s", srcErr)
			}
			return src
		})
	case kindActors:
		err = decodeAppend(node, &ds.Actors, at, actorFields.actor)
	case kindPolicies:
		err = decodeAppend(node, &ds.Policies, at, policyFields.policy)
	case kindEvents:
		err = decodeAppend(node, &ds.Events, at, eventFields.event)
	case kindRelations:
		err = decodeAppend(node, &ds.Relations, at, relationFields.relation)
	}
	if err != nil {
		line := yamlErrorLine(err)
		if line == 0 {
			line = node.Line
		}
		problems.add(Position{File: path, Line: line}, "", "wrong type of value: %s", yamlErrorText(err))
	}
	return problems
}

// fieldLines checks the field names of a record of kind and returns the
// line of each field and of each item of a list.
func fieldLines(path string, kind recordKind, node *yaml.Node) (map[string]int, issues) {
	var problems issues
	allowed := fieldsOf[kind]
	lines := map[string]int{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, value := node.Content[i], node.Content[i+1]
		if _, ok := allowed[key.Value]; !ok {
			problems.add(Position{File: path, Line: key.Line}, key.Value, "unknown field for %s; allowed: %s", kind, strings.Join(sortedKeys(allowed), ", "))
			continue
		}
		if _, dup := lines[key.Value]; dup {
			problems.add(Position{File: path, Line: key.Line}, key.Value, "field given twice")
		}
		lines[key.Value] = key.Line
		if allowed[key.Value] == shapeEvidence {
			problems = append(problems, checkEvidenceNode(path, key.Value, value, lines)...)
		}
		if value.Kind == yaml.SequenceNode {
			for j, item := range value.Content {
				lines[fmt.Sprintf("%s[%d]", key.Value, j)] = item.Line
			}
		}
	}
	return lines, problems
}

// placement is where a record was read: see Record.
type placement struct {
	pos       Position
	lines     map[string]int
	mergeable bool
}

// decodeAppend decodes node into the fields F and appends the record of
// the value made of them.
func decodeAppend[F, T any](node *yaml.Node, records *[]*Record[T], at placement, value func(F) T) error {
	var f F
	if err := node.Decode(&f); err != nil {
		return err
	}
	*records = append(*records, &Record[T]{Value: value(f), Pos: at.pos, fieldLines: at.lines, mergeable: at.mergeable})
	return nil
}

func checkEvidenceNode(path, field string, value *yaml.Node, lines map[string]int) issues {
	var problems issues
	if value.Kind != yaml.SequenceNode {
		problems.add(Position{File: path, Line: value.Line}, field, "must be a list of claims {source, quote, …}")
		return problems
	}
	for j, item := range value.Content {
		if item.Kind != yaml.MappingNode {
			problems.add(Position{File: path, Line: item.Line}, fmt.Sprintf("%s[%d]", field, j), "must be a mapping {source, quote, …}")
			continue
		}
		for k := 0; k+1 < len(item.Content); k += 2 {
			key := item.Content[k]
			name := fmt.Sprintf("%s[%d].%s", field, j, key.Value)
			if !evidenceFieldNames[key.Value] {
				problems.add(Position{File: path, Line: key.Line}, name, "unknown field; a claim has %s", strings.Join(claimFields, ", "))
			}
			lines[name] = key.Line
		}
	}
	return problems
}

// readSource loads the text a source's quotes are checked against.
func readSource(path string, f sourceFields) (*domain.Source, error) {
	src := &domain.Source{ID: f.ID, Title: f.Title, Publisher: f.Publisher, URL: f.URL, Published: optionalDate(f.Published)}
	if f.File == "" {
		return src, fmt.Errorf("is required: the plain text of the source, relative to %s", filepath.Dir(path))
	}
	textPath := f.File
	if !filepath.IsAbs(textPath) {
		textPath = filepath.Join(filepath.Dir(path), textPath)
	}
	text, err := os.ReadFile(textPath)
	if err != nil {
		return src, fmt.Errorf("cannot read the source text: %v", err)
	}
	src.Text = string(text)
	return src, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

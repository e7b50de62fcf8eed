package eventdata

import (
	"archive/zip"
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Handler receives each record, or the row error of a malformed one
// (then rec is nil). Returning an error stops reading with that error.
type Handler func(rec *Record, rowErr *RowError) error

// parser reads one file of a format.
type parser func(r io.Reader, name string, fn Handler) error

func parserOf(f Format) parser {
	switch f {
	case ICEWS:
		return parseICEWS
	case GDELT:
		return parseGDELT
	}
	return parsePLOVER
}

// Read reads every file given, in order (a folder means its files, sorted,
// not recursive; a .zip archive its members), and hands each record to fn.
// It stops at the first error fn returns, at a file it cannot read, and
// when ctx ends.
func Read(ctx context.Context, format Format, paths []string, fn Handler) error {
	files, err := expand(paths)
	if err != nil {
		return err
	}
	parse := parserOf(format)
	guarded := func(rec *Record, rowErr *RowError) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(rec, rowErr)
	}
	for _, f := range files {
		if strings.EqualFold(filepath.Ext(f), ".zip") {
			err = readZip(f, parse, guarded)
		} else {
			err = readFile(f, parse, guarded)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func expand(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !strings.EqualFold(e.Name(), "README.md") {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no input files in %v", paths)
	}
	return files, nil
}

func readFile(path string, parse parser, fn Handler) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return parse(bufio.NewReaderSize(f, 1<<20), path, fn)
}

func readZip(path string, parse parser, fn Handler) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer z.Close()
	members := slices.Clone(z.File)
	slices.SortFunc(members, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	for _, m := range members {
		if m.FileInfo().IsDir() {
			continue
		}
		r, err := m.Open()
		if err != nil {
			return fmt.Errorf("%s:%s: %w", path, m.Name, err)
		}
		err = parse(bufio.NewReaderSize(r, 1<<20), path+":"+m.Name, fn)
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// lines calls fn with each line of r (without its end of line, \r\n or
// \n) and its 1-based number.
func lines(r io.Reader, name string, fn func(line string, n int) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if err := fn(strings.TrimSuffix(sc.Text(), "\r"), n); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// isoDate checks a yyyy-mm-dd date.
func isoDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

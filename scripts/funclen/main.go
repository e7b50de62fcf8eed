// Command funclen lists the functions longer than a limit in the
// hand-written Go code of a tree: generated files (marked "Code generated
// ... DO NOT EDIT."), tests and the bench/ tree are skipped.
//
//	go run ./scripts/funclen [-max 80] [dir]
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

type long struct {
	pos   token.Position
	name  string
	lines int
}

func main() {
	limit := flag.Int("max", 80, "report functions with more lines than this")
	flag.Parse()
	root := "."
	if flag.NArg() > 0 {
		root = flag.Arg(0)
	}
	found, err := scan(root, *limit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "funclen:", err)
		os.Exit(1)
	}
	for _, f := range found {
		fmt.Printf("%s:%d\t%s\t%d lines\n", f.pos.Filename, f.pos.Line, f.name, f.lines)
	}
}

// scan walks root and returns the functions over limit lines, longest first.
func scan(root string, limit int) ([]long, error) {
	var found []long
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDir(path, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(file) {
			return nil
		}
		found = append(found, longFuncs(fset, file, limit)...)
		return nil
	})
	sort.Slice(found, func(i, j int) bool { return found[i].lines > found[j].lines })
	return found, err
}

func skipDir(path, name string) bool {
	if path == "." {
		return false
	}
	return name == "bench" || name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".")
}

// longFuncs returns the functions and methods of file, and the function
// literals assigned at package level, that span more than limit lines.
func longFuncs(fset *token.FileSet, file *ast.File, limit int) []long {
	var found []long
	ast.Inspect(file, func(n ast.Node) bool {
		var name string
		switch fn := n.(type) {
		case *ast.FuncDecl:
			name = fn.Name.Name
			if fn.Recv != nil && len(fn.Recv.List) > 0 {
				name = recvName(fn.Recv.List[0].Type) + "." + name
			}
		case *ast.FuncLit:
			name = "func literal"
		default:
			return true
		}
		start, end := fset.Position(n.Pos()), fset.Position(n.End())
		if lines := end.Line - start.Line + 1; lines > limit {
			found = append(found, long{pos: start, name: name, lines: lines})
		}
		return true
	})
	return found
}

func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

package graph

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/actorgraph/actorgraph/domain"
)

// TestListsCostTheirPageSize: every field that takes a page size (first)
// or a count (limit) costs that many times its items' cost, so that the
// complexity limit bounds the rows a request can fetch.
func TestListsCostTheirPageSize(t *testing.T) {
	var c ComplexityRoot
	weighPages(&c)
	root := reflect.ValueOf(c)
	schema := loadSchema(t)
	weighed := 0
	for _, name := range slices.Sorted(maps.Keys(schema.Types)) {
		typ := schema.Types[name]
		if typ.Kind != ast.Object || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range typ.Fields {
			if f.Arguments.ForName("first") == nil && f.Arguments.ForName("limit") == nil {
				continue
			}
			if name == "Query" && f.Name == "cypher" {
				continue // its rows are JSON, capped by the store's row limit
			}
			weighed++
			fn := root.FieldByName(name).FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, f.Name) })
			if !fn.IsValid() || fn.IsNil() {
				t.Errorf("%s.%s takes a page size but has no complexity function", name, f.Name)
				continue
			}
			const child, size = 3, 50
			if cost := callComplexity(fn, child, size); cost < 1+size*child {
				t.Errorf("%s.%s(%d items of cost %d) costs %d", name, f.Name, size, child, cost)
			}
			if cost := callComplexity(fn, child, 0); cost < 1+domain.DefaultPageSize*child {
				t.Errorf("%s.%s without a page size costs %d, less than the default page", name, f.Name, cost)
			}
		}
	}
	if weighed < 10 {
		t.Errorf("only %d fields take a page size: is the schema read?", weighed)
	}

	first, hops, limit := 10, 4, 5
	if got := c.Query.Actors(3, nil, nil, &first, nil); got != 1+10*3 {
		t.Errorf("actors(first: 10) of cost 3 each costs %d, want 31", got)
	}
	if got := c.Query.Paths(2, "a", "b", &hops, nil, nil, nil, nil, nil, &limit); got != 1+5*4*2 {
		t.Errorf("paths(maxHops: 4, limit: 5) of cost 2 each costs %d, want 41", got)
	}
	budget := 1000
	if got := c.Query.ShortestPaths(2, "a", "b", &hops, nil, nil, nil, nil, nil, &limit, &budget); got != 1+5*4*2 {
		t.Errorf("shortestPaths(maxHops: 4, limit: 5) of cost 2 each costs %d, want 41", got)
	}
}

// callComplexity calls a complexity function with child as the items'
// cost, every *int argument set to n (nil for 0) and the others zero.
func callComplexity(fn reflect.Value, child, n int) int {
	typ := fn.Type()
	args := make([]reflect.Value, typ.NumIn())
	args[0] = reflect.ValueOf(child)
	for i := 1; i < len(args); i++ {
		args[i] = reflect.Zero(typ.In(i))
		if typ.In(i) == reflect.TypeFor[*int]() && n != 0 {
			args[i] = reflect.ValueOf(&n)
		}
	}
	return int(fn.Call(args)[0].Int())
}

package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

func TestRecordOperation(t *testing.T) {
	respond := func(resp *graphql.Response) graphql.ResponseHandler {
		return func(context.Context) *graphql.Response { return resp }
	}
	withOp := func(ctx context.Context, name string, op *ast.OperationDefinition) context.Context {
		return graphql.WithOperationContext(ctx, &graphql.OperationContext{OperationName: name, Operation: op})
	}
	for _, c := range []struct {
		name          string
		ctx           func(context.Context) context.Context
		resp          *graphql.Response
		wantName, out string
	}{
		{"ok, named by the request", func(ctx context.Context) context.Context { return withOp(ctx, "RussiaPartners", nil) },
			&graphql.Response{}, "RussiaPartners", "ok"},
		{"named by the document", func(ctx context.Context) context.Context {
			return withOp(ctx, "", &ast.OperationDefinition{Name: "Stats"})
		}, &graphql.Response{}, "Stats", "ok"},
		{"the first error's code", func(ctx context.Context) context.Context { return withOp(ctx, "Q", nil) },
			&graphql.Response{Errors: gqlerror.List{{Extensions: map[string]any{"code": "NOT_FOUND"}}, {Extensions: map[string]any{"code": "TIMEOUT"}}}},
			"Q", "NOT_FOUND"},
		{"an error without a code", func(ctx context.Context) context.Context { return ctx }, &graphql.Response{Errors: gqlerror.List{{Message: "x"}}}, "", "error"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, info := WithOperationInfo(context.Background())
			if got := recordOperation(c.ctx(ctx), respond(c.resp)); got != c.resp {
				t.Error("the response was not passed on")
			}
			if info.Name != c.wantName || info.Outcome != c.out {
				t.Errorf("recorded %+v, want name %q and outcome %q", *info, c.wantName, c.out)
			}
		})
	}
	// Without WithOperationInfo there is nothing to fill in.
	resp := &graphql.Response{}
	if got := recordOperation(context.Background(), respond(resp)); got != resp {
		t.Error("the response was not passed on")
	}
	ctx, info := WithOperationInfo(context.Background())
	if got := recordOperation(ctx, respond(nil)); got != nil || *info != (OperationInfo{}) {
		t.Errorf("no response: %v, recorded %+v", got, *info)
	}
}

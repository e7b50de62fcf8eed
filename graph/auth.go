package graph

import (
	"context"

	"github.com/actorgraph/actorgraph/domain"
)

type writerKey struct{}

// WithWriter marks ctx as carrying a valid API token. The HTTP layer checks
// the token; resolvers only ask.
func WithWriter(ctx context.Context) context.Context {
	return context.WithValue(ctx, writerKey{}, true)
}

func isWriter(ctx context.Context) bool {
	ok, _ := ctx.Value(writerKey{}).(bool)
	return ok
}

// requireWriter refuses a write unless writes are enabled and the caller
// presented the token.
func (r *Resolver) requireWriter(ctx context.Context) error {
	if !r.WritesEnabled {
		return domain.Errorf(domain.EFORBIDDEN, "mutations are disabled: the server has no ACTORGRAPH_API_TOKEN")
	}
	if !isWriter(ctx) {
		return domain.Errorf(domain.EUNAUTHORIZED, "mutations need the header Authorization: Bearer <ACTORGRAPH_API_TOKEN>")
	}
	return nil
}

type cypherKey struct{}

// WithCypherAccess marks ctx as allowed to run analysts' Cypher: the HTTP
// layer sets it when no Cypher token is configured or the right one is given.
func WithCypherAccess(ctx context.Context) context.Context {
	return context.WithValue(ctx, cypherKey{}, true)
}

func requireCypherAccess(ctx context.Context) error {
	if ok, _ := ctx.Value(cypherKey{}).(bool); !ok {
		return domain.Errorf(domain.EUNAUTHORIZED, "the cypher field needs the header Authorization: Bearer <ACTORGRAPH_CYPHER_TOKEN>")
	}
	return nil
}

package graph

import (
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
)

// Limits bound the work one GraphQL request may ask for.
type Limits struct {
	Complexity int // gqlgen complexity, with lists weighted by `first`/`limit`
	Depth      int // nesting of fields
	Tokens     int // parser tokens: caps the cost of parsing itself
}

// DefaultLimits suit the schema's deepest legitimate queries.
var DefaultLimits = Limits{Complexity: 50_000, Depth: 12, Tokens: 10_000}

// NewHandler builds the GraphQL endpoint with exactly the transports and
// extensions it means to have, and per-request dataloaders. Its status
// codes, media types and error bodies follow the GraphQL-over-HTTP spec
// (see specTransport).
func NewHandler(r *Resolver, limits Limits, log *slog.Logger) http.Handler {
	cfg := Config{Resolvers: r}
	weighPages(&cfg.Complexity)
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(specTransport{transport.GET{}}) // queries only: a mutation over GET is 405
	srv.AddTransport(specTransport{transport.POST{}})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(limits.Tokens)
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	// Depth first: a deep query is told it is too deep, not too complex.
	srv.Use(depthLimit{max: limits.Depth})
	srv.Use(extension.FixedComplexityLimit(limits.Complexity))
	srv.SetErrorPresenter(errorPresenter(log))
	srv.SetRecoverFunc(recoverFunc(log))
	srv.AroundResponses(recordOperation)
	return requireGraphQLRequest(WithLoaders(r.Store, srv))
}

// weighPages makes a list cost its page size times its items' cost, so the
// complexity limit bounds the rows a request can fetch.
func weighPages(c *ComplexityRoot) {
	page := func(first *int) int {
		if first == nil || *first < 1 {
			return domain.DefaultPageSize
		}
		return *first
	}
	c.Query.Actors = func(child int, _ *domain.ActorFilter, _ *model.ActorOrder, first *int, _ *string) int {
		return 1 + page(first)*child
	}
	c.Query.Policies = func(child int, _ *domain.PolicyFilter, first *int, _ *string) int { return 1 + page(first)*child }
	c.Query.Events = func(child int, _ *domain.EventFilter, first *int, _ *string) int { return 1 + page(first)*child }
	c.Query.Relations = func(child int, _ *domain.RelationFilter, first *int, _ *string) int { return 1 + page(first)*child }
	c.Query.Timeline = func(child int, _ *string, _, _ *domain.PartialDate, _ []domain.Modality, _ *domain.PartialDate, _ *domain.Window, _ *domain.PartialDate, first *int, _ *string) int {
		return 1 + page(first)*child
	}
	c.Query.Search = func(child int, _ string, _ []model.SearchKind, first *int) int { return 1 + page(first)*child }
	c.Query.Neighbourhood = func(child int, _ string, _ *int, _ []string, _ []domain.Modality, _ *domain.PartialDate, _ *domain.Window, _ *domain.PartialDate, limit *int) int {
		return 1 + page(limit)*child
	}
	c.Query.Paths = func(child int, _, _ string, maxHops *int, _ []string, _ []domain.Modality, _ *domain.PartialDate, _ *domain.Window, _ *domain.PartialDate, limit *int) int {
		return 1 + page(limit)*page(maxHops)*child
	}
	c.Query.ShortestPaths = func(child int, _, _ string, maxHops *int, _ []string, _ []domain.Modality, _ *domain.PartialDate, _ *domain.Window, _ *domain.PartialDate, limit, _ *int) int {
		return 1 + page(limit)*page(maxHops)*child
	}
	relations := func(child int, _ *model.Direction, _ []string, _ []domain.Stance, _ []domain.Modality, _ *domain.PartialDate, _ *domain.Window, _ *domain.PartialDate, first *int, _ *string) int {
		return 1 + page(first)*child
	}
	c.Actor.Relations, c.Policy.Relations, c.Event.Relations = relations, relations, relations
	c.Query.Dyad = func(child int, _, _ string, from, to *domain.PartialDate, g *domain.Granularity, _ *domain.DyadDirection) int {
		return 1 + dyadPeriods(from, to, g)*child
	}
	c.Query.Counterparts = func(child int, _ string, _, _ *domain.PartialDate, _ *domain.CounterpartOrder, _ *domain.Stance, first *int) int {
		return 1 + page(first)*child
	}
	c.Actor.Events = func(child int, first *int, _ *string) int { return 1 + page(first)*child }
	c.Actor.Policies = func(child int, first *int, _ *string) int { return 1 + page(first)*child }
}

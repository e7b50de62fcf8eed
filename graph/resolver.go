package graph

import (
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

// Resolver holds the resolvers' dependencies; nothing else. Per-request
// state (dataloaders, the caller's authorization) lives in the context.
type Resolver struct {
	Store  *store.Store
	Loader *loader.Loader
	// WritesEnabled is false when the server has no API token: mutations
	// are refused outright.
	WritesEnabled bool
}

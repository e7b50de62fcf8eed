package graph

import (
	"context"
	"maps"

	"github.com/99designs/gqlgen/graphql"

	"github.com/actorgraph/actorgraph/store"
)

// relationKeyFields are the fields of a Relation that its keys
// (store.EdgeKeys) answer: its ends, type and since, which make its id.
var relationKeyFields = map[string]bool{
	"__typename": true, "id": true, "type": true, "from": true, "to": true, "since": true,
}

// relationHeadFields are the fields of a Relation that a relation's head
// (store.EdgeHeads) answers: everything but its claims (evidence, and the
// modality, modalities and contested derived from them) and attributes.
var relationHeadFields = func() map[string]bool {
	head := maps.Clone(relationKeyFields)
	for _, f := range []string{"until", "stance", "confidence", "role"} {
		head[f] = true
	}
	return head
}()

// neighbourhoodEdgeFields is what the relations of the neighbourhood
// being resolved must carry: their keys or heads when the query asks
// nothing else of them, else every field. The look-ahead's own field
// collection reads the query (fragments, @skip and @include as gqlgen's
// executor has them).
func neighbourhoodEdgeFields(ctx context.Context) store.EdgeFields {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return store.AllEdgeFields
	}
	p := &lookahead{op: graphql.GetOperationContext(ctx)}
	fields := store.EdgeKeys
	for _, sel := range p.at(fc.Field.Selections, fc.Field.Definition.Type.Name(), "edges") {
		for _, f := range p.fields(sel, "Relation") {
			switch {
			case !relationHeadFields[f.Name]:
				return store.AllEdgeFields
			case !relationKeyFields[f.Name]:
				fields = store.EdgeHeads
			}
		}
	}
	return fields
}

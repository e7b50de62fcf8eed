package model

import "github.com/actorgraph/actorgraph/domain"

// RelationEdge is a relation on a page of relations. It is written by hand
// (gqlgen.yml binds it) because it knows what the generated edges do not:
// the node whose relations the page holds, which `other` is relative to.
type RelationEdge struct {
	Cursor string
	Node   *domain.Relation
	// Of is the id of the node the relations were read from; "" in the
	// top-level relations connection.
	Of string
}

// OtherID returns the id of the end of the relation that is not Of: the
// counterpart, whichever end the relation is stored from (Of itself for a
// relation of a node with itself). It is "" when the edge has no Of.
func (e *RelationEdge) OtherID() string {
	switch e.Of {
	case "":
		return ""
	case e.Node.From:
		return e.Node.To
	}
	return e.Node.From
}

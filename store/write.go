package store

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// WriteResult counts what a write did.
type WriteResult struct {
	Created   int
	Updated   int
	Unchanged int
}

// Add sums two results.
func (r *WriteResult) Add(o WriteResult) {
	r.Created += o.Created
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
}

// The change counting shared by every write: a row is created when no
// node/relationship existed before, updated when its properties or labels
// differ afterwards, unchanged otherwise.
const countChanges = `
RETURN count(*) AS total,
       count(before) AS existed,
       sum(CASE WHEN before IS NOT NULL AND (before <> properties(x) OR beforeLabels <> labelsAfter) THEN 1 ELSE 0 END) AS updated`

// WriteSources upserts sources in one transaction. A source's ledger of
// where its claims are (see BeginClaims) is kept; a new source starts with
// an empty one.
func (s *Store) WriteSources(ctx context.Context, sources []*domain.Source) (WriteResult, error) {
	rows := make([]map[string]any, len(sources))
	for i, src := range sources {
		rows[i] = map[string]any{"id": src.ID, "props": map[string]any(sourceProps(src))}
	}
	return s.writeRows(ctx, upsert{`
UNWIND $rows AS row
OPTIONAL MATCH (old:Source {id: row.id})
WITH row, properties(old) AS before, [] AS beforeLabels
MERGE (x:Source {id: row.id})
SET x = row.props, x.claimRelations = coalesce(before.claimRelations, []), x.claimNodes = coalesce(before.claimNodes, [])
WITH x, before, beforeLabels, [] AS labelsAfter` + countChanges, rows})
}

// WriteActors upserts actors, one statement per actor kind so that each
// statement's labels are static. Each actor's claims replace those of the
// same sources on it (see WriteRelations).
func (s *Store) WriteActors(ctx context.Context, actors []*domain.Actor, published Published) (WriteResult, error) {
	byKind := map[domain.ActorKind][]map[string]any{}
	for _, a := range actors {
		byKind[a.Kind] = append(byKind[a.Kind], entityRow(&a.Profile, actorProps(a), published))
	}
	var batch []upsert
	for _, kind := range slices.Sorted(maps.Keys(byKind)) {
		batch = append(batch, upsert{entityUpsert("Actor:"+kind.Label(), otherKindLabels(kind)), byKind[kind]})
	}
	return s.writeRows(ctx, batch...)
}

// WritePolicies upserts policies in one transaction.
func (s *Store) WritePolicies(ctx context.Context, policies []*domain.Policy, published Published) (WriteResult, error) {
	rows := make([]map[string]any, len(policies))
	for i, p := range policies {
		rows[i] = entityRow(&p.Profile, policyProps(p), published)
	}
	return s.writeRows(ctx, upsert{entityUpsert("Policy", ""), rows})
}

// WriteEvents upserts events in one transaction.
func (s *Store) WriteEvents(ctx context.Context, events []*domain.Event, published Published) (WriteResult, error) {
	rows := make([]map[string]any, len(events))
	for i, e := range events {
		rows[i] = entityRow(&e.Profile, eventProps(e), published)
	}
	return s.writeRows(ctx, upsert{entityUpsert("Event", ""), rows})
}

func entityRow(pr *domain.Profile, p props, published Published) map[string]any {
	claims, sources := claimRows(pr.Evidence, published)
	return map[string]any{"id": pr.ID, "props": map[string]any(p), "claims": claims, "sources": sources}
}

// entityUpsert builds the upsert of one kind of entity. labels and remove
// come from the domain's fixed kind table, never from input.
func entityUpsert(labels, remove string) string {
	removeClause := ""
	if remove != "" {
		removeClause = "\nREMOVE x" + remove
	}
	return `
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, properties(old) AS before, labels(old) AS beforeLabels
MERGE (x:Entity {id: row.id})
WITH x, row, before, beforeLabels, ` + mergedClaims + ` AS claims
WITH x, row, before, beforeLabels, CASE WHEN size(claims) = 0 THEN null ELSE claims END AS claims
SET x = row.props, x:` + labels + `, ` + setClaims("x", "claims") + removeClause + `
WITH x, before, [l IN beforeLabels | l] AS beforeLabels, labels(x) AS labelsAfter` + countChanges
}

// otherKindLabels lists the kind labels an actor of kind must not carry,
// so that a changed kind moves the actor from one label to the other.
func otherKindLabels(kind domain.ActorKind) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(domain.ActorKinds)) {
		if k != kind {
			b.WriteString(":" + k.Label())
		}
	}
	return b.String()
}

// WriteRelations upserts relations, one statement per relationship type:
// a static type lets Neo4j plan each MERGE as an expand from an
// index-found endpoint. Both endpoints must exist, and a symmetric
// relation must be oriented (domain.Relation.Orient). A relation's claims
// replace those of the same sources on it; the claims of other sources
// stay, and its modality, modalities and contested are derived from all.
func (s *Store) WriteRelations(ctx context.Context, relations []*domain.Relation, published Published) (WriteResult, error) {
	byType := map[string][]map[string]any{}
	for _, r := range relations {
		if _, ok := domain.DefaultVocabulary.Lookup(r.Type); !ok {
			return WriteResult{}, domain.Errorf(domain.EINVALID, "unknown relation type %q", r.Type)
		}
		if len(r.Evidence) == 0 {
			return WriteResult{}, domain.Errorf(domain.EINVALID, "relation %s has no claims", r.ID())
		}
		claims, sources := claimRows(r.Evidence, published)
		byType[r.Type] = append(byType[r.Type], map[string]any{
			"id": r.ID(), "from": r.From, "to": r.To, "props": map[string]any(relationProps(r)), "claims": claims, "sources": sources,
		})
	}
	var batch []upsert
	for _, typ := range slices.Sorted(maps.Keys(byType)) {
		batch = append(batch, upsert{`
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
OPTIONAL MATCH (a)-[old:` + typ + ` {id: row.id}]->(b)
WITH a, b, row, properties(old) AS before
MERGE (a)-[x:` + typ + ` {id: row.id}]->(b)
WITH x, row, before, ` + mergedClaims + ` AS claims
WITH x, row, before, claims, ` + withModalities + `
SET x = row.props, ` + setClaims("x", "claims") + `, ` + setDerived("x") + `
WITH x, before, 0 AS beforeLabels, 0 AS labelsAfter` + countChanges, byType[typ]})
	}
	return s.writeRows(ctx, batch...)
}

// CreateRelations writes relations known not to be in the graph (a first
// load into a database without relationships, see loader.Options), in
// one transaction and one statement: each is created with its claims and
// what they make of it, computed here, so that Neo4j neither searches for
// it nor merges claims. The result is what WriteRelations would write for
// the same relations into the same graph. Both endpoints must exist, and
// a symmetric relation must be oriented.
func (s *Store) CreateRelations(ctx context.Context, relations []*domain.Relation, published Published) (WriteResult, error) {
	rows := make([]map[string]any, len(relations))
	for i, r := range relations {
		if _, ok := domain.DefaultVocabulary.Lookup(r.Type); !ok {
			return WriteResult{}, domain.Errorf(domain.EINVALID, "unknown relation type %q", r.Type)
		}
		if len(r.Evidence) == 0 {
			return WriteResult{}, domain.Errorf(domain.EINVALID, "relation %s has no claims", r.ID())
		}
		p := relationProps(r)
		maps.Copy(p, claimProps(r.Evidence, published)) // the claims' properties win, as in WriteRelations
		rows[i] = map[string]any{"from": r.From, "to": r.To, "type": r.Type, "props": map[string]any(p)}
	}
	return s.writeRows(ctx, upsert{createRelations, rows})
}

// createRelations creates one relationship per row; its type is the row's,
// which CreateRelations checked against the vocabulary.
const createRelations = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
CREATE (a)-[x:$(row.type)]->(b)
SET x = row.props
RETURN count(*) AS total, 0 AS existed, 0 AS updated`

// upsert is one UNWIND statement and the rows it writes.
type upsert struct {
	cypher string
	rows   []map[string]any
}

// writeRows runs the statements in one write transaction (one commit for
// the whole batch, whatever the number of kinds or types in it) and checks
// that every row was written.
func (s *Store) writeRows(ctx context.Context, statements ...upsert) (WriteResult, error) {
	return writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (WriteResult, error) {
		var total WriteResult
		for _, st := range statements {
			if len(st.rows) == 0 {
				continue
			}
			rec, err := s.single(ctx, tx, st.cypher, map[string]any{"rows": st.rows})
			if err != nil {
				return WriteResult{}, err
			}
			written, existed, updated := asInt(rec.Values[0]), asInt(rec.Values[1]), asInt(rec.Values[2])
			if written != len(st.rows) {
				return WriteResult{}, domain.Errorf(domain.EINVALID, "%d of %d rows were not written: an endpoint does not exist", len(st.rows)-written, len(st.rows))
			}
			total.Add(WriteResult{Created: written - existed, Updated: updated, Unchanged: existed - updated})
		}
		return total, nil
	})
}

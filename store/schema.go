package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Full-text indexes: one over everything a user may search for, one over
// actors' names and aliases for case-insensitive name look-up.
const (
	searchIndex     = "entity_search"
	actorNamesIndex = "actor_names"
)

// schemaStatements create the constraints and indexes that every read and
// write relies on. Each is idempotent (IF NOT EXISTS).
var schemaStatements = func() []string {
	stmts := []string{
		// Ids are unique across actors, policies and events (all :Entity),
		// and per label, which is what label-specific look-ups use.
		"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
	}
	for _, label := range []string{"Actor", "Policy", "Event", "Source"} {
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", strings.ToLower(label), label))
	}
	return append(stmts,
		"CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind)",
		"CREATE INDEX actor_country IF NOT EXISTS FOR (n:Actor) ON (n.country)",
		"CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.dateStart)",
		"CREATE INDEX policy_adopted IF NOT EXISTS FOR (n:Policy) ON (n.adoptedStart)",
		// Dyad aggregates of coded events (see coded_events.go): one node
		// per (source state, target state, day), read by ranges of days.
		"CREATE CONSTRAINT dyadday_id IF NOT EXISTS FOR (d:DyadDay) REQUIRE d.id IS UNIQUE",
		"CREATE INDEX dyadday_a_b_day IF NOT EXISTS FOR (d:DyadDay) ON (d.a, d.b, d.day)",
		"CREATE INDEX dyadday_a_day IF NOT EXISTS FOR (d:DyadDay) ON (d.a, d.day)",
		// counterparts looks a state up on both sides of its dyads.
		"CREATE INDEX dyadday_b_day IF NOT EXISTS FOR (d:DyadDay) ON (d.b, d.day)",
		"CREATE FULLTEXT INDEX "+searchIndex+" IF NOT EXISTS FOR (n:Actor|Policy|Event) ON EACH [n.name, n.aliasText, n.description]",
		"CREATE FULLTEXT INDEX "+actorNamesIndex+" IF NOT EXISTS FOR (n:Actor) ON EACH [n.name, n.aliasText]",
	)
}()

// EnsureSchema creates the constraints and indexes and waits until they are
// online, so that the writes and reads after it are index-backed.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range schemaStatements {
		if _, err := writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
			_, err := s.run(ctx, tx, stmt, nil)
			return struct{}{}, err
		}); err != nil {
			return fmt.Errorf("schema: %s: %w", stmt, err)
		}
	}
	return s.awaitIndexes(ctx)
}

func (s *Store) awaitIndexes(ctx context.Context) error {
	release, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(context.WithoutCancel(ctx))
	s.queries.Add(1)
	// db.awaitIndexes cannot run inside an explicit transaction.
	result, err := session.Run(ctx, "CALL db.awaitIndexes(300)", nil)
	if err == nil {
		_, err = result.Consume(ctx)
	}
	if err != nil {
		return fmt.Errorf("schema: await indexes: %w", mapError(ctx, err))
	}
	return nil
}

// SchemaPresent returns an EUNAVAILABLE error naming the constraints and
// indexes that are missing or not online: the readiness check of a server.
func (s *Store) SchemaPresent(ctx context.Context) error {
	want := []string{"entity_id", "actor_id", "policy_id", "event_id", "source_id", searchIndex, actorNamesIndex}
	online, err := readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]bool, error) {
		records, err := s.run(ctx, tx, "SHOW INDEXES YIELD name, state WHERE name IN $want RETURN name, state", map[string]any{"want": want})
		online := map[string]bool{}
		for _, r := range records {
			name, _ := r.Values[0].(string)
			state, _ := r.Values[1].(string)
			online[name] = state == "ONLINE"
		}
		return online, err
	})
	if err != nil {
		return err
	}
	var missing []string
	for _, name := range want {
		if !online[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return domain.Errorf(domain.EUNAVAILABLE, "schema not ready: %v missing or not online (run `actorgraph load`)", missing)
	}
	return nil
}

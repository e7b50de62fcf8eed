package domain

// CypherQuery is an analyst's read-only Cypher query.
type CypherQuery struct {
	Query  string
	Params map[string]any
	// Limit lowers the server's row cap for this query; 0 keeps the cap.
	Limit int
}

// CypherResult is what a read-only query returned, as typed JSON values
// (see the README for the mapping of Neo4j types).
type CypherResult struct {
	Columns []string
	// Rows holds one map[string]any per row, keyed by column.
	Rows      []any
	Truncated bool
	Summary   CypherSummary
}

// CypherSummary is Neo4j's account of the query.
type CypherSummary struct {
	QueryType     string
	ServerTimeMs  float64
	Notifications []CypherNotification
}

// CypherNotification is a warning or hint Neo4j gave about the query.
type CypherNotification struct {
	Code        string
	Title       string
	Description string
	Severity    string
	Line        *int
	Column      *int
}

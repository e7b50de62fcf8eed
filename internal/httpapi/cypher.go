package httpapi

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// cypherRequest is the body of POST /cypher.
type cypherRequest struct {
	Query  *string        `json:"query"`
	Params map[string]any `json:"params"`
	Limit  *int           `json:"limit"`
}

// The response mirrors the GraphQL CypherResult field for field.
type cypherResponse struct {
	Columns   []string      `json:"columns"`
	Rows      []any         `json:"rows"`
	Truncated bool          `json:"truncated"`
	Summary   cypherSummary `json:"summary"`
}

type cypherSummary struct {
	QueryType     string               `json:"queryType"`
	ServerTimeMs  float64              `json:"serverTimeMs"`
	Notifications []cypherNotification `json:"notifications"`
}

type cypherNotification struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Severity    string `json:"severity"`
	Line        *int   `json:"line"`
	Column      *int   `json:"column"`
}

// handleCypher serves POST /cypher: {"query", "params", "limit"} in, the
// same JSON as the GraphQL cypher field out, through the same
// store.RunCypher. When token is not empty, requests need
// "Authorization: Bearer <token>".
//
// Errors are written by writeError (see httpStatus for the statuses).
// The route only takes POST; the body limit is the server's.
func handleCypher(s *store.Store, token string, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && !bearer(r, token) {
			writeError(w, r, log, domain.Errorf(domain.EUNAUTHORIZED, "POST /cypher needs the header Authorization: Bearer <ACTORGRAPH_CYPHER_TOKEN>"))
			return
		}
		req, err := decodeCypherRequest(r)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		q := domain.CypherQuery{Query: *req.Query, Params: req.Params}
		if req.Limit != nil {
			q.Limit = *req.Limit // 0 keeps the server's cap; negative is refused by the store
		}
		res, err := s.RunCypher(r.Context(), q)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, cypherResponseOf(res))
	})
}

func decodeCypherRequest(r *http.Request) (*cypherRequest, error) {
	dec := json.NewDecoder(r.Body)
	dec.UseNumber() // params keep integers exact; the store types them
	dec.DisallowUnknownFields()
	var req cypherRequest
	if err := dec.Decode(&req); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, domain.Errorf(domain.EINVALID, `the body must be a JSON object: {"query": "...", "params": {...}, "limit": N}`)
		}
		return nil, domain.Errorf(domain.EINVALID, "malformed JSON body: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, domain.Errorf(domain.EINVALID, "malformed JSON body: unexpected data after the JSON object")
	}
	if req.Query == nil {
		return nil, domain.Errorf(domain.EINVALID, `the body needs a "query" string`)
	}
	return &req, nil
}

func cypherResponseOf(res *domain.CypherResult) cypherResponse {
	out := cypherResponse{Columns: res.Columns, Rows: res.Rows, Truncated: res.Truncated, Summary: cypherSummary{
		QueryType: res.Summary.QueryType, ServerTimeMs: res.Summary.ServerTimeMs,
		Notifications: make([]cypherNotification, 0, len(res.Summary.Notifications)),
	}}
	if out.Columns == nil {
		out.Columns = []string{}
	}
	if out.Rows == nil {
		out.Rows = []any{}
	}
	for _, n := range res.Summary.Notifications {
		out.Summary.Notifications = append(out.Summary.Notifications, cypherNotification(n))
	}
	return out
}

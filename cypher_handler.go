package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// maxCypherBody bounds a POST /cypher request body.
const maxCypherBody = 1 << 20

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
// Errors are {"error": {"code", "message", "details"}} with the status:
// invalid 400, unauthorized 401, forbidden 403, not_found 404, limit 413,
// unavailable 503, timeout 504 (Neo4j, upstream, ran out of time), and 500
// for anything else.
func handleCypher(s *store.Store, token string) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeCypherError(w, http.StatusMethodNotAllowed, &domain.Error{Code: domain.EINVALID, Message: "use POST"})
			return
		}
		if token != "" {
			bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			got := sha256.Sum256([]byte(strings.TrimSpace(bearer)))
			if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="actorgraph"`)
				writeCypherError(w, http.StatusUnauthorized, domain.Errorf(domain.EUNAUTHORIZED, "a valid bearer token is required"))
				return
			}
		}
		req, err := decodeCypherRequest(w, r)
		if err != nil {
			writeCypherError(w, cypherStatus(err), err)
			return
		}
		q := domain.CypherQuery{Query: *req.Query, Params: req.Params}
		if req.Limit != nil {
			q.Limit = *req.Limit // 0 keeps the server's cap; negative is refused by the store
		}
		res, err := s.RunCypher(r.Context(), q)
		if err != nil {
			writeCypherError(w, cypherStatus(err), err)
			return
		}
		writeCypherJSON(w, http.StatusOK, cypherResponseOf(res))
	})
}

func decodeCypherRequest(w http.ResponseWriter, r *http.Request) (*cypherRequest, error) {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCypherBody))
	dec.UseNumber() // params keep integers exact; the store types them
	dec.DisallowUnknownFields()
	var req cypherRequest
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, domain.Errorf(domain.ELIMIT, "the request body is larger than %d bytes", maxCypherBody)
		}
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

// cypherStatus maps a domain error code to the HTTP status of POST /cypher.
func cypherStatus(err error) int {
	switch domain.ErrorCode(err) {
	case domain.EINVALID:
		return http.StatusBadRequest
	case domain.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case domain.EFORBIDDEN:
		return http.StatusForbidden
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.ELIMIT:
		return http.StatusRequestEntityTooLarge
	case domain.ETIMEOUT:
		return http.StatusGatewayTimeout
	case domain.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

func writeCypherError(w http.ResponseWriter, status int, err error) {
	body := map[string]any{"code": domain.ErrorCode(err), "message": domain.ErrorMessage(err)}
	if d := domain.ErrorDetails(err); len(d) > 0 {
		body["details"] = d
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeCypherJSON(w, status, map[string]any{"error": body})
}

func writeCypherJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"error":{"code":%q,"message":"the result could not be encoded"}}`+"\n", domain.EINTERNAL)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

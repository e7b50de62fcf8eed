package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph"
)

// withLimits bounds every request's body and time. The body is read here,
// whole, so an oversized one gets a clear 413 before any handler runs.
func withLimits(maxBody int64, timeout time.Duration, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, r, log, domain.Errorf(domain.ELIMIT, "the request body is larger than the limit of %d bytes", maxBody))
				return
			}
			writeError(w, r, log, domain.Errorf(domain.EINVALID, "could not read the request body"))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bearer reports whether r carries `Authorization: Bearer <token>`. The
// comparison is of hashes, in constant time, so neither the token nor its
// length leaks through timing. The scheme name is case-insensitive (RFC
// 9110). An empty token matches nothing.
func bearer(r *http.Request, token string) bool {
	scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	ok = ok && strings.EqualFold(scheme, "Bearer")
	gotSum, wantSum := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(token))
	return ok && token != "" && subtle.ConstantTimeCompare(gotSum[:], wantSum[:]) == 1
}

// withWriter marks requests that carry the API token as allowed to write.
func withWriter(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if bearer(r, token) {
			r = r.WithContext(graph.WithWriter(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// withCypherToken lets the GraphQL cypher field run only for callers with
// the Cypher token, when one is configured; other fields stay open.
func withCypherToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" || bearer(r, token) {
			r = r.WithContext(graph.WithCypherAccess(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

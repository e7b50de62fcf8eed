package httpapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph"
)

// httpStatus maps the domain's error codes to HTTP statuses, once, for the
// endpoints outside GraphQL (the graph package answers GraphQL requests).
var httpStatus = map[string]int{
	domain.EINVALID:      http.StatusBadRequest,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.ELIMIT:        http.StatusRequestEntityTooLarge,
	domain.ETIMEOUT:      http.StatusGatewayTimeout, // Neo4j, upstream, ran out of time
	domain.EUNAVAILABLE:  http.StatusServiceUnavailable,
	domain.EINTERNAL:     http.StatusInternalServerError,
}

// writeError answers with err in the shape GraphQL errors have, so that a
// client parses one kind of error whichever endpoint it calls:
// {"errors": [{"message": ..., "extensions": {"code": "BAD_USER_INPUT", ...details}}]}.
// An internal error is logged with its cause, which is never shown; an
// error whose code has no status (a bug) is answered as internal.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	code := domain.ErrorCode(err)
	status, known := httpStatus[code]
	if !known {
		code, status = domain.EINTERNAL, http.StatusInternalServerError
	}
	if code == domain.EINTERNAL {
		log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	extensions := map[string]any{"code": graph.ExtensionCode(code)}
	for k, v := range domain.ErrorDetails(err) {
		extensions[k] = v
	}
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="actorgraph"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{"message": domain.ErrorMessage(err), "extensions": extensions}}})
}

// writeJSON encodes v before writing the status, so that a value that
// cannot be encoded becomes a 500 rather than a truncated 200.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"errors":[{"message":"the result could not be encoded","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

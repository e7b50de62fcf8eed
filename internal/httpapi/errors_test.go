package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
)

// writeErrorTo answers err through writeError and decodes the answer.
func writeErrorTo(t *testing.T, err error) (*httptest.ResponseRecorder, map[string]any, string) {
	t.Helper()
	var logs bytes.Buffer
	rec := httptest.NewRecorder()
	writeError(rec, httptest.NewRequest(http.MethodPost, "/cypher", nil), slog.New(slog.NewJSONHandler(&logs, nil)), err)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("not JSON: %v: %s", err, rec.Body)
	}
	return rec, body, logs.String()
}

func TestErrorStatuses(t *testing.T) {
	for _, c := range []struct {
		code       string
		status     int
		extension  string
		authHeader string // WWW-Authenticate
		retryAfter string
	}{
		{domain.EINVALID, 400, "BAD_USER_INPUT", "", ""},
		{domain.EUNAUTHORIZED, 401, "UNAUTHENTICATED", `Bearer realm="actorgraph"`, ""},
		{domain.EFORBIDDEN, 403, "FORBIDDEN", "", ""},
		{domain.ENOTFOUND, 404, "NOT_FOUND", "", ""},
		{domain.ELIMIT, 413, "LIMIT_EXCEEDED", "", ""},
		{domain.EUNAVAILABLE, 503, "SERVICE_UNAVAILABLE", "", "1"},
		{domain.ETIMEOUT, 504, "TIMEOUT", "", ""},
		{domain.EINTERNAL, 500, "INTERNAL_SERVER_ERROR", "", ""},
	} {
		err := &domain.Error{Code: c.code, Message: "the message", Details: map[string]any{"line": 2}}
		rec, body, _ := writeErrorTo(t, fmt.Errorf("wrapped: %w", err))
		code, message, extensions := errorOf(body)
		if rec.Code != c.status || code != c.extension || message != "the message" || extensions["line"] != 2.0 {
			t.Errorf("%s: %d %s %q %v; want %d %s", c.code, rec.Code, code, message, extensions, c.status, c.extension)
		}
		if got := rec.Header().Get("WWW-Authenticate"); got != c.authHeader {
			t.Errorf("%s: WWW-Authenticate %q", c.code, got)
		}
		if got := rec.Header().Get("Retry-After"); got != c.retryAfter {
			t.Errorf("%s: Retry-After %q", c.code, got)
		}
		if ct, cc := rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"); ct != "application/json; charset=utf-8" || cc != "no-store" {
			t.Errorf("%s: Content-Type %q, Cache-Control %q", c.code, ct, cc)
		}
	}
	if len(httpStatus) != 8 {
		t.Errorf("httpStatus maps %d codes; the table above checks 8", len(httpStatus))
	}
}

// TestInternalErrorsAreLoggedNotShown: the cause of an internal error goes
// to the log only; the caller gets a 500 and a safe message.
func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	for _, err := range []error{
		errors.New("driver said: password=hunter2"),
		&domain.Error{Code: domain.EINTERNAL, Message: "Neo4j failed", Err: errors.New("driver said: password=hunter2")},
		&domain.Error{Code: "no-such-code", Message: "a bug", Err: errors.New("driver said: password=hunter2")},
	} {
		rec, body, logs := writeErrorTo(t, err)
		code, message, _ := errorOf(body)
		if rec.Code != 500 || code != "INTERNAL_SERVER_ERROR" || message == "" {
			t.Errorf("%v: %d %s %q", err, rec.Code, code, message)
		}
		if strings.Contains(rec.Body.String(), "hunter2") {
			t.Errorf("%v: the answer shows the cause: %s", err, rec.Body)
		}
		if !strings.Contains(logs, "hunter2") || !strings.Contains(logs, `"path":"/cypher"`) {
			t.Errorf("%v: the log lacks the cause or the path: %s", err, logs)
		}
	}
}

func TestWriteJSONOfAnUnencodableValue(t *testing.T) {
	rec := httptest.NewRecorder()
	writeJSON(rec, http.StatusOK, map[string]any{"x": math.Inf(1)})
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("not JSON: %v: %s", err, rec.Body)
	}
	if code, _, _ := errorOf(body); rec.Code != 500 || code != "INTERNAL_SERVER_ERROR" {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

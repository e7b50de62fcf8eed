package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/actorgraph/actorgraph/domain"
)

// presenter returns the error presenter and what it logs.
func presenter() (func(error) *gqlerror.Error, *bytes.Buffer) {
	var logs bytes.Buffer
	present := errorPresenter(slog.New(slog.NewTextHandler(&logs, nil)))
	return func(err error) *gqlerror.Error { return present(context.Background(), err) }, &logs
}

func TestEveryDomainCodeHasAnExtensionCode(t *testing.T) {
	codes := []string{domain.EINVALID, domain.ENOTFOUND, domain.EUNAUTHORIZED, domain.EFORBIDDEN,
		domain.ELIMIT, domain.ETIMEOUT, domain.EUNAVAILABLE, domain.EINTERNAL}
	seen := map[string]string{}
	for _, code := range codes {
		ext := ExtensionCode(code)
		if ext == "" {
			t.Errorf("domain code %q has no GraphQL code", code)
		}
		if other, dup := seen[ext]; dup {
			t.Errorf("domain codes %q and %q both map to %s", other, code, ext)
		}
		seen[ext] = code
	}
}

func TestDomainErrorsKeepCodeMessageAndDetails(t *testing.T) {
	present, logs := presenter()
	path := ast.Path{ast.PathName("actor"), ast.PathName("relations")}
	de := &domain.Error{Code: domain.EINVALID, Message: "first must be between 0 and 100", Details: map[string]any{"first": 500},
		Err: errors.New("not for the client")}
	for name, err := range map[string]error{
		"as returned":          de,
		"wrapped":              fmt.Errorf("resolving: %w", de),
		"on a path, by gqlgen": gqlerror.WrapPath(path, de),
	} {
		t.Run(name, func(t *testing.T) {
			got := present(err)
			if got.Message != de.Message {
				t.Errorf("message %q, want %q", got.Message, de.Message)
			}
			if got.Extensions["code"] != "BAD_USER_INPUT" || got.Extensions["first"] != 500 || len(got.Extensions) != 2 {
				t.Errorf("extensions %v, want the code and the details", got.Extensions)
			}
		})
	}
	if got := present(gqlerror.WrapPath(path, de)); got.Path.String() != "actor.relations" {
		t.Errorf("path %q, want actor.relations", got.Path.String())
	}
	if logs.Len() > 0 {
		t.Errorf("a client's error was logged: %s", logs)
	}
}

func TestInternalDomainErrorsAreLogged(t *testing.T) {
	present, logs := presenter()
	got := present(&domain.Error{Code: domain.EINTERNAL, Message: "internal error", Err: errors.New("decoding node 42")})
	if got.Message != "internal error" || got.Extensions["code"] != "INTERNAL_SERVER_ERROR" {
		t.Errorf("%q %v", got.Message, got.Extensions)
	}
	if !strings.Contains(logs.String(), "decoding node 42") {
		t.Errorf("the cause was not logged: %q", logs.String())
	}
}

func TestGqlgenCodesAreMapped(t *testing.T) {
	present, logs := presenter()
	complexity := &gqlerror.Error{Message: "operation has complexity 60000, which exceeds the limit of 50000",
		Extensions: map[string]any{"code": "COMPLEXITY_LIMIT_EXCEEDED"}}
	if got := present(complexity); got.Extensions["code"] != "LIMIT_EXCEEDED" || got.Message != complexity.Message {
		t.Errorf("complexity: %q %v, want LIMIT_EXCEEDED and gqlgen's message", got.Message, got.Extensions)
	}
	validation := &gqlerror.Error{Message: `Cannot query field "nope" on type "Query".`, Extensions: map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}}
	if got := present(validation); got.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || got.Message != validation.Message {
		t.Errorf("validation: %q %v, want it as gqlgen made it", got.Message, got.Extensions)
	}
	// gqlgen's own errors without a code (a wrongly typed argument) are
	// safe to show too.
	if got := present(gqlerror.Errorf("cannot use String as Int")); got.Message != "cannot use String as Int" {
		t.Errorf("gqlgen's message became %q", got.Message)
	}
	if logs.Len() > 0 {
		t.Errorf("gqlgen's errors were logged: %s", logs)
	}
}

func TestUnknownErrorsAreHiddenAndLogged(t *testing.T) {
	present, logs := presenter()
	secret := errors.New("dial tcp 10.0.0.7:7687: password=hunter2")
	for name, err := range map[string]error{
		"as returned":          secret,
		"on a path, by gqlgen": gqlerror.WrapPath(ast.Path{ast.PathName("stats")}, secret),
	} {
		t.Run(name, func(t *testing.T) {
			logs.Reset()
			got := present(err)
			if got.Message != "internal error" || len(got.Extensions) != 1 || got.Extensions["code"] != "INTERNAL_SERVER_ERROR" {
				t.Errorf("shown as %q %v", got.Message, got.Extensions)
			}
			if !strings.Contains(logs.String(), "hunter2") {
				t.Errorf("the error was not logged: %q", logs.String())
			}
		})
	}
}

func TestPanicsBecomeInternalErrors(t *testing.T) {
	var logs bytes.Buffer
	err := recoverFunc(slog.New(slog.NewTextHandler(&logs, nil)))(context.Background(), "index out of range [3]")
	if domain.ErrorCode(err) != domain.EINTERNAL {
		t.Errorf("a panic became %v", err)
	}
	if !strings.Contains(logs.String(), "index out of range [3]") {
		t.Errorf("the panic was not logged: %q", logs.String())
	}
}

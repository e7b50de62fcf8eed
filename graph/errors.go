package graph

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/actorgraph/actorgraph/domain"
)

// extensionCodes maps the domain's error codes to GraphQL extensions.code,
// in this one place.
var extensionCodes = map[string]string{
	domain.EINVALID:      "BAD_USER_INPUT",
	domain.ENOTFOUND:     "NOT_FOUND",
	domain.EUNAUTHORIZED: "UNAUTHENTICATED",
	domain.EFORBIDDEN:    "FORBIDDEN",
	domain.ELIMIT:        "LIMIT_EXCEEDED",
	domain.ETIMEOUT:      "TIMEOUT",
	domain.EUNAVAILABLE:  "SERVICE_UNAVAILABLE",
	domain.EINTERNAL:     "INTERNAL_SERVER_ERROR",
}

// gqlgen's own codes folded into ours, so clients learn one vocabulary.
var gqlgenCodes = map[string]string{
	"COMPLEXITY_LIMIT_EXCEEDED": "LIMIT_EXCEEDED",
}

// ExtensionCode returns the GraphQL code of a domain error code.
func ExtensionCode(code string) string { return extensionCodes[code] }

// errorPresenter shows domain errors with their code and safe message, and
// hides everything else behind INTERNAL_SERVER_ERROR after logging it.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var de *domain.Error
		if errors.As(err, &de) {
			gqlErr.Message = de.Message
			gqlErr.Extensions = map[string]any{"code": extensionCodes[de.Code]}
			for k, v := range de.Details {
				gqlErr.Extensions[k] = v
			}
			if de.Code == domain.EINTERNAL {
				log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
			}
			return gqlErr
		}
		if code, ok := gqlErr.Extensions["code"].(string); ok {
			if mapped, ok := gqlgenCodes[code]; ok {
				gqlErr.Extensions["code"] = mapped
			}
			return gqlErr // gqlgen's parse and validation errors are safe to show
		}
		if errors.Unwrap(gqlErr) == nil {
			return gqlErr // gqlgen's own message, e.g. a wrongly typed argument
		}
		log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
		gqlErr.Message = "internal error"
		gqlErr.Extensions = map[string]any{"code": extensionCodes[domain.EINTERNAL]}
		return gqlErr
	}
}

// recoverFunc turns a resolver panic into an internal error, logged with
// its value, instead of a dropped connection.
func recoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "resolver panic", "panic", p)
		return domain.Errorf(domain.EINTERNAL, "internal error")
	}
}

package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// OperationInfo is what the HTTP layer learns of a GraphQL request for its
// log line and metrics: the operation's name and its outcome ("ok", or the
// extensions.code of the first error).
type OperationInfo struct {
	Name    string
	Outcome string
}

type operationInfoKey struct{}

// WithOperationInfo returns a context in which the GraphQL handler fills in
// the returned OperationInfo.
func WithOperationInfo(ctx context.Context) (context.Context, *OperationInfo) {
	info := &OperationInfo{}
	return context.WithValue(ctx, operationInfoKey{}, info), info
}

// recordOperation is a response middleware that fills in OperationInfo.
func recordOperation(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	info, ok := ctx.Value(operationInfoKey{}).(*OperationInfo)
	if !ok || resp == nil {
		return resp
	}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		info.Name = oc.OperationName
		if info.Name == "" && oc.Operation != nil {
			info.Name = oc.Operation.Name
		}
	}
	info.Outcome = "ok"
	if len(resp.Errors) > 0 {
		info.Outcome, _ = resp.Errors[0].Extensions["code"].(string)
		if info.Outcome == "" {
			info.Outcome = "error"
		}
	}
	return resp
}

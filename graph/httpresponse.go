package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/actorgraph/actorgraph/domain"
)

// gqlgen's transports parse requests and run operations well, but choose
// status codes and bodies of their own: 422 for a document that does not
// parse, "data": null on a request that never ran, a 406 for a mutation
// over GET. specTransport wraps a transport so that its answers follow the
// GraphQL-over-HTTP spec instead:
//
//   - the response media type is negotiated from Accept (q-values count);
//     none acceptable is 406;
//   - a GraphQL request error (the document does not parse or validate, the
//     operation is not found, variables do not coerce, a depth or
//     complexity limit, an unknown persisted query) answers 200 under
//     application/json and 400 under application/graphql-response+json
//     (404 for an unknown persisted query);
//   - a request without a query answers 400, a mutation over GET 405;
//   - a request that never ran has no data entry, and every error a code.
type specTransport struct{ graphql.Transport }

func (t specTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media, ok := negotiateMedia(r.Header.Values("Accept"))
	if !ok {
		writeHTTPError(w, http.StatusNotAcceptable, mediaJSON,
			"the response can be application/json or application/graphql-response+json; the Accept header allows neither")
		return
	}
	x := &exchange{w: w, media: media, method: r.Method}
	t.Transport.Do(x, r, observedExecutor{GraphExecutor: exec, x: x})
	x.finish()
}

// outcome is what became of a request before execution.
type outcome int

const (
	notRun       outcome = iota // the transport refused it, e.g. malformed JSON
	requestError                // a GraphQL request error
	noQuery                     // no query and no persisted query: not a GraphQL request
	getMutation                 // a mutation (or subscription) over GET
	executed                    // the operation ran: 200, field errors or not
)

// observedExecutor tells the exchange what the transport did with the
// request, and refuses non-queries over GET before gqlgen would answer 406.
type observedExecutor struct {
	graphql.GraphExecutor
	x *exchange
}

func (e observedExecutor) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	oc, errs := e.GraphExecutor.CreateOperationContext(ctx, params)
	switch {
	case errs != nil && strings.TrimSpace(params.Query) == "" && params.Extensions["persistedQuery"] == nil:
		e.x.outcome = noQuery
	case errs != nil:
		e.x.outcome = requestError
		e.x.errorCode, _ = errs[0].Extensions["code"].(string)
	case e.x.method == http.MethodGet && oc.Operation.Operation != ast.Query:
		e.x.outcome = getMutation
		errs = gqlerror.List{{
			Message:    "a GET request can only run a query; send mutations with POST",
			Extensions: map[string]any{"code": ExtensionCode(domain.EINVALID)},
		}}
	}
	return oc, errs
}

func (e observedExecutor) DispatchOperation(ctx context.Context, oc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	e.x.outcome = executed
	return e.GraphExecutor.DispatchOperation(ctx, oc)
}

// exchange is the response writer the wrapped transport writes to. The
// answer to an executed operation streams through with status 200; any
// other is held until the transport is done, then given the spec's status
// and body.
type exchange struct {
	w         http.ResponseWriter
	media     string
	method    string
	outcome   outcome
	errorCode string // extensions.code of the first request error
	status    int    // what the transport asked for
	held      bytes.Buffer
	committed bool
}

func (x *exchange) Header() http.Header { return x.w.Header() }

func (x *exchange) WriteHeader(status int) {
	if x.status == 0 {
		x.status = status
	}
}

func (x *exchange) Write(p []byte) (int, error) {
	if x.outcome != executed {
		return x.held.Write(p)
	}
	if !x.committed {
		x.commit(cmp.Or(x.status, http.StatusOK))
	}
	return x.w.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (x *exchange) Unwrap() http.ResponseWriter { return x.w }

// commit sends the headers: the negotiated media type (in place of the one
// gqlgen chose), and that the answer depends on Accept.
func (x *exchange) commit(status int) {
	x.committed = true
	h := x.w.Header()
	h.Set("Content-Type", x.media+"; charset=utf-8")
	h.Add("Vary", "Accept")
	if status == http.StatusMethodNotAllowed {
		h.Set("Allow", "POST")
	}
	x.w.WriteHeader(status)
}

// finish sends a held answer with the status the spec asks for.
func (x *exchange) finish() {
	if x.committed {
		return
	}
	if x.outcome == executed { // ran, but wrote nothing
		x.commit(cmp.Or(x.status, http.StatusOK))
		return
	}
	x.commit(x.statusCode())
	_, _ = x.w.Write(requestErrorBody(x.held.Bytes()))
}

// statusCode is the status of an answer to a request that did not run.
func (x *exchange) statusCode() int {
	switch x.outcome {
	case noQuery:
		return http.StatusBadRequest
	case getMutation:
		return http.StatusMethodNotAllowed
	case requestError:
		switch {
		case x.media == mediaJSON:
			return http.StatusOK
		case x.errorCode == "PERSISTED_QUERY_NOT_FOUND":
			return http.StatusNotFound // the client sends the query next
		}
		return http.StatusBadRequest
	}
	// The transport's own refusal, e.g. 400 for malformed JSON.
	return cmp.Or(x.status, http.StatusBadRequest)
}

// errorResponse is a GraphQL response with errors only: the answer to a
// request that never ran.
type errorResponse struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

// requestErrorBody rewrites gqlgen's body for a request that never ran:
// no data entry (the GraphQL spec: a request error has none, and
// application/graphql-response+json clients read "data": null as an
// executed operation), and BAD_USER_INPUT on errors that came without a
// code (gqlgen's own, for malformed JSON and the like).
func requestErrorBody(body []byte) []byte {
	var resp errorResponse
	if err := json.Unmarshal(body, &resp); err != nil || len(resp.Errors) == 0 {
		return body
	}
	for _, e := range resp.Errors {
		if _, ok := e.Extensions["code"]; !ok {
			if e.Extensions == nil {
				e.Extensions = map[string]any{}
			}
			e.Extensions["code"] = ExtensionCode(domain.EINVALID)
		}
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return body
	}
	return out
}

// requireGraphQLRequest answers what no transport serves, with the status
// that says why: 405 for methods other than GET, POST and OPTIONS, and 415
// for a POST whose body is not application/json (gqlgen says 400 to both).
func requireGraphQLRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		media, ok := negotiateMedia(r.Header.Values("Accept"))
		if !ok {
			media = mediaJSON
		}
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
		case http.MethodPost:
			if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || ct != mediaJSON {
				writeHTTPError(w, http.StatusUnsupportedMediaType, media,
					"a GraphQL POST request needs Content-Type: application/json")
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeHTTPError(w, http.StatusMethodNotAllowed, media, "GraphQL requests are GET or POST")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// writeHTTPError answers a request that is not a GraphQL request with one
// error in the GraphQL shape, so that clients parse one kind of error.
func writeHTTPError(w http.ResponseWriter, status int, media, message string) {
	body, _ := json.Marshal(errorResponse{Errors: gqlerror.List{{
		Message:    message,
		Extensions: map[string]any{"code": ExtensionCode(domain.EINVALID)},
	}}})
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

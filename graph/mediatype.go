package graph

import (
	"mime"
	"strconv"
	"strings"
)

// The response media types of the GraphQL-over-HTTP spec. With
// application/json a GraphQL request error still answers 200 (legacy
// clients trust nothing else); with application/graphql-response+json it
// answers 4xx and the body has no data entry.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// responseMedia lists the media types the endpoint can answer in, the
// default first: it wins when the client names neither (no Accept, */*,
// application/*), so that clients that predate the spec keep working.
var responseMedia = []string{mediaJSON, mediaGraphQLResponse}

// acceptance is how much a client wants one media type: the q-value of the
// most specific range in Accept that matches it, and where that range
// stood in the header.
type acceptance struct {
	q           float64
	specificity int // 2 type/subtype, 1 type/*, 0 */*
	position    int
}

// better reports whether a is preferred to b: higher q, then the more
// specific range (a type the client named beats a wildcard), then the one
// listed first.
func (a acceptance) better(b acceptance) bool {
	if a.q != b.q {
		return a.q > b.q
	}
	if a.specificity != b.specificity {
		return a.specificity > b.specificity
	}
	return a.position < b.position
}

// negotiateMedia picks the response media type for the Accept header
// values of a request, as RFC 9110 ranks them. It returns false when the
// client accepts none of the types the endpoint serves (answer 406). No
// Accept header at all means application/json.
func negotiateMedia(accept []string) (string, bool) {
	header := strings.TrimSpace(strings.Join(accept, ","))
	if header == "" {
		return responseMedia[0], true
	}
	ranges := strings.Split(header, ",")
	chosen, best := "", acceptance{}
	for _, media := range responseMedia {
		a, ok := acceptanceOf(media, ranges)
		if ok && a.q > 0 && (chosen == "" || a.better(best)) {
			chosen, best = media, a
		}
	}
	return chosen, chosen != ""
}

// acceptanceOf finds the most specific of ranges that matches media.
func acceptanceOf(media string, ranges []string) (acceptance, bool) {
	typ, _, _ := strings.Cut(media, "/")
	found, best := false, acceptance{specificity: -1}
	for i, r := range ranges {
		mediaRange, params, err := mime.ParseMediaType(strings.TrimSpace(r))
		if err != nil {
			continue // a malformed range matches nothing
		}
		specificity := -1
		switch mediaRange {
		case media:
			specificity = 2
		case typ + "/*":
			specificity = 1
		case "*/*":
			specificity = 0
		}
		if specificity <= best.specificity {
			continue
		}
		q, ok := qValue(params["q"])
		if !ok {
			continue
		}
		found, best = true, acceptance{q: q, specificity: specificity, position: i}
	}
	return best, found
}

// qValue parses a q parameter: absent means 1; it must lie in [0, 1].
func qValue(s string) (float64, bool) {
	if s == "" {
		return 1, true
	}
	q, err := strconv.ParseFloat(s, 64)
	return q, err == nil && q >= 0 && q <= 1
}

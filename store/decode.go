package store

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

func str(p map[string]any, key string) string {
	s, _ := p[key].(string)
	return s
}

func optDate(p map[string]any, key string) *domain.PartialDate {
	s, ok := p[key].(string)
	if !ok {
		return nil
	}
	d := domain.PartialDate(s)
	return &d
}

func stringList(p map[string]any, key string) []string {
	list, _ := p[key].([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func attributes(p map[string]any) map[string]any {
	var out map[string]any
	for k, v := range p {
		if !domain.IsReservedProperty(k) {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return out
}

// claimsOf decodes the claims kept as parallel lists on a node or
// relationship (claimSources[i], claimQuotes[i] … are claim i), keeping
// those stated on or before knownAt's last day when it is given. A record
// written before claims existed has no such lists, and no claims; a
// missing optional list (claimAttributedTo …: see claims.go) is "" for
// every claim. The lists are read where the driver put them: a stored
// list property holds values of one type, strings here, so nothing is
// copied out of them first (a read decodes dozens of these per request).
func claimsOf(p map[string]any, knownAt *domain.PartialDate) []domain.Evidence {
	sources, quotes := anyList(p, "claimSources"), anyList(p, "claimQuotes")
	n := min(len(sources), len(quotes))
	if n == 0 {
		return []domain.Evidence{}
	}
	modalities, attributed := anyList(p, "claimModalities"), anyList(p, "claimAttributedTo")
	statements, statedOn := anyList(p, "claimStatements"), anyList(p, "claimStatedOn")
	records, statedFrom := anyList(p, "claimRecords"), anyList(p, "claimStatedFrom")
	out := make([]domain.Evidence, 0, n)
	for i := range n {
		e := domain.Evidence{SourceID: at(sources, i), Quote: at(quotes, i), Modality: domain.ModalityAsserted,
			AttributedTo: at(attributed, i), Statement: at(statements, i), Record: at(records, i)}
		if m := at(modalities, i); m != "" {
			e.Modality = domain.Modality(m)
		}
		if d := at(statedOn, i); d != "" {
			pd := domain.PartialDate(d)
			e.StatedOn = &pd
		}
		if i < len(statedFrom) {
			if d, ok := statedFrom[i].(neo4j.Date); ok && !d.Time().Equal(unknownStatementDate.Time()) {
				e.StatedFrom = d.Time()
			}
		}
		if knownAt != nil && (e.StatedFrom.IsZero() || e.StatedFrom.After(knownAt.End())) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// anyList is a list property as the driver returns it; nil when absent.
func anyList(p map[string]any, key string) []any {
	list, _ := p[key].([]any)
	return list
}

// at returns list[i] if it is a string, or "" (past its end too).
func at(list []any, i int) string {
	if i < len(list) {
		s, _ := list[i].(string)
		return s
	}
	return ""
}

func profileOf(p map[string]any) domain.Profile {
	return domain.Profile{
		ID: str(p, "id"), Name: str(p, "name"), Aliases: stringList(p, "aliases"),
		Description: str(p, "description"), Attributes: attributes(p), Evidence: claimsOf(p, nil),
	}
}

// entityOf decodes an :Entity node by its labels.
func entityOf(n neo4j.Node) (domain.Entity, error) {
	p := n.Props
	switch {
	case slices.Contains(n.Labels, "Actor"):
		return &domain.Actor{Profile: profileOf(p), Kind: domain.ActorKind(str(p, "kind")),
			Country: str(p, "country"), WikidataID: str(p, "wikidataId")}, nil
	case slices.Contains(n.Labels, "Policy"):
		return &domain.Policy{Profile: profileOf(p), Kind: domain.PolicyKind(str(p, "kind")), Adopted: optDate(p, "adopted")}, nil
	case slices.Contains(n.Labels, "Event"):
		return &domain.Event{Profile: profileOf(p), Kind: domain.EventKind(str(p, "kind")),
			Date: domain.PartialDate(str(p, "date")), EndDate: optDate(p, "endDate"), Location: str(p, "location"),
			Coded: codedOf(n)}, nil
	}
	return nil, fmt.Errorf("node %s has labels %v: not an actor, policy or event", str(p, "id"), n.Labels)
}

func sourceOf(n neo4j.Node) *domain.Source {
	p := n.Props
	return &domain.Source{ID: str(p, "id"), Title: str(p, "title"), Publisher: str(p, "publisher"),
		URL: str(p, "url"), Published: optDate(p, "published"), Text: str(p, "text")}
}

// relationOf decodes a relationship whose endpoints' ids the query
// returned, with its claims known at knownAt (all of them when nil).
func relationOf(r neo4j.Relationship, from, to string, knownAt *domain.PartialDate) *domain.Relation {
	p := r.Props
	confidence, _ := p["confidence"].(float64)
	return &domain.Relation{
		From: from, Type: r.Type, To: to, Since: optDate(p, "since"), Until: optDate(p, "until"),
		Stance: domain.Stance(str(p, "stance")), Confidence: confidence, Role: str(p, "role"),
		Attributes: attributes(p), Evidence: claimsOf(p, knownAt),
	}
}

// relationColumns is how every query returns a relation: the relationship
// and its endpoints' ids, decoded by relationAt.
const relationColumns = "{r: r, from: startNode(r).id, to: endNode(r).id}"

// relationAt decodes a relation returned as relationColumns, with its
// claims known at knownAt (all of them when nil).
func relationAt(v any, knownAt *domain.PartialDate) *domain.Relation {
	m := v.(map[string]any)
	return relationOf(m["r"].(neo4j.Relationship), m["from"].(string), m["to"].(string), knownAt)
}

// decodeAs decodes an entity node returned as `item` to its concrete type.
func decodeAs[T domain.Entity](v any) (T, error) {
	var zero T
	e, err := entityOf(v.(neo4j.Node))
	if err != nil {
		return zero, err
	}
	t, ok := e.(T)
	if !ok {
		return zero, domain.Errorf(domain.EINTERNAL, "node %s is a %s", e.NodeID(), e.EntityKind())
	}
	return t, nil
}

func asInt(v any) int {
	n, _ := v.(int64)
	return int(n)
}

// codedOf decodes what an event data set says of a coded event; nil for
// any other event.
func codedOf(n neo4j.Node) *domain.CodedRecord {
	if !slices.Contains(n.Labels, "CodedEvent") {
		return nil
	}
	p := n.Props
	c := &domain.CodedRecord{Dataset: str(p, "dataset"), RecordID: text(p["recordId"]), Code: str(p, "code"),
		QuadClass: domain.Stance(str(p, "quadClass")), Publisher: str(p, "publisher"), StoryID: text(p["storyId"]),
		URL: str(p, "url")}
	switch v := p["score"].(type) {
	case float64:
		c.Score = &v
	case int64:
		f := float64(v)
		c.Score = &f
	}
	switch v := p["sentenceNumber"].(type) {
	case int64:
		n := int(v)
		c.SentenceNumber = &n
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			c.SentenceNumber = &n
		}
	}
	return c
}

// text is a string or integer property as a string; "" for anything else.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	}
	return ""
}

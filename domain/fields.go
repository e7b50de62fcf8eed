package domain

import (
	"fmt"
	"slices"
	"strings"
)

// reservedFields are the property names the store writes itself; attributes
// may not take them, so reading a node back can tell the two apart.
var reservedFields = map[string]bool{}

func init() {
	for _, f := range ReservedProperties {
		reservedFields[f] = true
	}
}

// ReservedProperties lists every Neo4j property name the store owns on
// nodes and relationships. Any other property is an attribute.
var ReservedProperties = []string{
	"id", "name", "aliases", "description", "kind", "country", "wikidataId",
	"adopted", "adoptedStart", "date", "dateStart", "dateEnd", "endDate", "location",
	"title", "publisher", "url", "published", "text",
	"since", "until", "validFrom", "validTo", "stance", "confidence", "role",
	"evidenceSources", "evidenceQuotes", "aliasText",
}

func unknownValue[K ~string, V any](what, got string, allowed map[K]V) string {
	names := make([]string, 0, len(allowed))
	for k := range allowed {
		names = append(names, string(k))
	}
	slices.Sort(names)
	if got == "" {
		return fmt.Sprintf("is required; one of %s", strings.Join(names, ", "))
	}
	return fmt.Sprintf("unknown %s %q; one of %s", what, got, strings.Join(names, ", "))
}

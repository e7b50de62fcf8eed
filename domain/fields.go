package domain

import (
	"fmt"
	"slices"
	"strings"
)

// reservedProperties are the Neo4j property names the store owns on nodes
// and relationships; attributes may not take them, so reading a node back
// can tell the two apart. Any other property is an attribute.
var reservedProperties = map[string]bool{}

func init() {
	for _, p := range []string{
		"id", "name", "aliases", "description", "kind", "country", "wikidataId",
		"adopted", "adoptedStart", "date", "dateStart", "dateEnd", "endDate", "location",
		"title", "publisher", "url", "published", "text",
		"since", "until", "validFrom", "validTo", "stance", "confidence", "role",
		"claimSources", "claimQuotes", "claimModalities", "claimAttributedTo", "claimStatements",
		"claimStatedOn", "claimStatedFrom", "modality", "modalities", "contested", "aliasText",
	} {
		reservedProperties[p] = true
	}
}

// IsReservedProperty reports whether the store writes the property itself
// (a field), as opposed to an attribute.
func IsReservedProperty(name string) bool { return reservedProperties[name] }

// checkKind adds a problem when kind is not one of kinds; what names the
// kind of kind in the message ("actor kind").
func checkKind[K ~string, V any](v *Problems, what string, kind K, kinds map[K]V) {
	if _, ok := kinds[kind]; !ok {
		v.Add("kind", unknownValue(what, string(kind), kinds))
	}
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

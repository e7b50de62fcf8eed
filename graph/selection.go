package graph

import (
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
)

// The look-ahead reads the query as gqlgen's executor does: the same field
// collection (fragments, @skip and @include) and the same raw arguments,
// schema defaults included, that the generated code hands to resolvers.

// implementors lists, for each type of the schema, the names a fragment on
// an object of that type may carry: its own, its interfaces' and unions'.
var implementors = func() map[string][]string {
	schema := NewExecutableSchema(Config{}).Schema()
	out := make(map[string][]string, len(schema.Types))
	for name, def := range schema.Types {
		names := []string{name}
		for _, super := range schema.GetImplements(def) {
			names = append(names, super.Name)
		}
		out[name] = names
	}
	return out
}()

// satisfies returns what a fragment on an object of typeName may name.
func satisfies(typeName string) []string {
	if names, ok := implementors[typeName]; ok {
		return names
	}
	return []string{typeName}
}

// selectsOnlyID reports whether fields are nothing but an object's id (and
// __typename): the id is known already, so the object need not be read.
func selectsOnlyID(fields []graphql.CollectedField) bool {
	for _, f := range fields {
		if f.Name != "id" && f.Name != "__typename" {
			return false
		}
	}
	return len(fields) > 0
}

// relationsArgs reads the arguments of a relations field as a key without
// its node id.
func relationsArgs(args map[string]any) (relationsKey, error) {
	var dir *model.Direction
	if v := args["direction"]; v != nil {
		dir = new(model.Direction)
		if err := dir.UnmarshalGQL(v); err != nil {
			return relationsKey{}, err
		}
	}
	types, err := argStrings(args["types"])
	if err != nil {
		return relationsKey{}, err
	}
	stances, err := argStrings(args["stance"])
	if err != nil {
		return relationsKey{}, err
	}
	claims, err := claimArgs(args)
	if err != nil {
		return relationsKey{}, err
	}
	first, after, err := pageArgs(args)
	if err != nil {
		return relationsKey{}, err
	}
	return relationsKeyOf("", dir, types, stancesOf(stances), claims, first, after)
}

// claimArgs reads a read's claim arguments: modalities, asOf, during and
// knownAt.
func claimArgs(args map[string]any) (domain.ClaimFilter, error) {
	var f domain.ClaimFilter
	modalities, err := argStrings(args["modalities"])
	if err != nil {
		return f, err
	}
	for _, m := range modalities {
		f.Modalities = append(f.Modalities, domain.Modality(m))
	}
	if f.AsOf, err = argDate(args["asOf"]); err != nil {
		return f, err
	}
	if f.KnownAt, err = argDate(args["knownAt"]); err != nil {
		return f, err
	}
	switch during := args["during"].(type) {
	case nil:
	case map[string]any:
		f.During = &domain.Window{}
		if f.During.From, err = argDate(during["from"]); err != nil {
			return f, err
		}
		if f.During.To, err = argDate(during["to"]); err != nil {
			return f, err
		}
	default:
		return f, fmt.Errorf("during is %T, not an object", during)
	}
	return f, nil
}

// argDate reads a Date argument as the Date scalar does; nil is none.
func argDate(v any) (*domain.PartialDate, error) {
	if v == nil {
		return nil, nil
	}
	d := new(domain.PartialDate)
	if err := d.UnmarshalGQL(v); err != nil {
		return nil, err
	}
	return d, nil
}

// entitiesArgs reads the arguments of an events or policies field as a
// key without its node id.
func entitiesArgs(kind domain.EntityKind, args map[string]any) (entitiesKey, error) {
	first, after, err := pageArgs(args)
	if err != nil {
		return entitiesKey{}, err
	}
	return entitiesKeyOf("", kind, first, after)
}

// pageArgs reads a connection's first and after.
func pageArgs(args map[string]any) (first *int, after *string, err error) {
	if v := args["first"]; v != nil {
		n, err := graphql.UnmarshalInt(v)
		if err != nil {
			return nil, nil, err
		}
		first = &n
	}
	if v := args["after"]; v != nil {
		s, ok := v.(string)
		if !ok {
			return nil, nil, fmt.Errorf("after is %T, not a string", v)
		}
		after = &s
	}
	return first, after, nil
}

// argStrings reads a list of strings (or enum values); a single value
// stands for a list of one, as GraphQL input coercion has it.
func argStrings(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, len(v))
		for i, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil, fmt.Errorf("list item is %T, not a string", item)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("list is %T", v)
}

package importer

import (
	"slices"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/store"
)

// Resolution outcomes, as the report names them.
const (
	outcomeResolved   = "resolved"   // to an existing actor (curated, or a shared state)
	outcomeCreated    = "created"    // to an actor of the data set (created if missing)
	outcomeAmbiguous  = "ambiguous"  // several existing actors bear the name: not merged, an actor of the data set instead
	outcomeUnresolved = "unresolved" // a country the country table does not know: the actor has none
)

// resolved is what an actor of a record became.
type resolved struct {
	id      string
	name    string
	country string // ISO alpha-3, or ""
	// create is the actor to create when it does not exist (an actor of
	// the data set, or the state of a country); nil for existing actors.
	create *store.ImportedActor
}

// resolver maps the actors of records to graph actors: existing actors
// first (name or alias, ignoring case, whose country does not contradict
// the record's), then countries (name or ISO code: the curated state of
// that country, else a shared state-<iso>), else an actor of the data set.
type resolver struct {
	dataset   string
	codes     *domain.EventCodes
	countries *domain.Countries
	byName    map[string][]store.ActorName
	curated   map[string]string // ISO code → id of the curated state
	cache     map[string]resolved
	outcomes  map[string]map[string]int // outcome → name → mentions
}

func newResolver(dataset string, directory []store.ActorName, codes *domain.EventCodes, countries *domain.Countries) *resolver {
	r := &resolver{dataset: dataset, codes: codes, countries: countries, byName: map[string][]store.ActorName{},
		curated: map[string]string{}, cache: map[string]resolved{}, outcomes: map[string]map[string]int{}}
	for _, a := range directory {
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			key := fold(n)
			if !slices.ContainsFunc(r.byName[key], func(x store.ActorName) bool { return x.ID == a.ID }) {
				r.byName[key] = append(r.byName[key], a)
			}
		}
		// The directory is sorted by id: the first curated state of a
		// country stands for it (state-<iso> ones only when no other).
		if a.Kind == domain.ActorState && a.Country != "" {
			if cur, ok := r.curated[a.Country]; !ok || (strings.HasPrefix(cur, "state-") && !strings.HasPrefix(a.ID, "state-")) {
				r.curated[a.Country] = a.ID
			}
		}
	}
	return r
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (r *resolver) count(outcome, name string) {
	if r.outcomes[outcome] == nil {
		r.outcomes[outcome] = map[string]int{}
	}
	r.outcomes[outcome][name]++
}

// country returns the ISO code of a record's country (a name or a code),
// or "" when it is not given or not known (counted as unresolved).
func (r *resolver) country(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := r.countries.Lookup(s); ok {
		return c.Code
	}
	r.count(outcomeUnresolved, "country "+s)
	return ""
}

// state returns the actor that stands for a country.
func (r *resolver) state(iso string) resolved {
	c, _ := r.countries.Code(iso)
	if id, ok := r.curated[iso]; ok {
		return resolved{id: id, name: c.Name, country: iso}
	}
	id := "state-" + strings.ToLower(iso)
	return resolved{id: id, name: c.Name, country: iso,
		create: &store.ImportedActor{ID: id, Name: c.Name, Kind: domain.ActorState, Country: iso}}
}

// actor resolves one actor of a record.
func (r *resolver) actor(a eventdata.Actor) resolved {
	iso := r.country(a.Country)
	key := fold(a.Name) + "|" + iso + "|" + strings.Join(a.Sectors, ",")
	if res, ok := r.cache[key]; ok {
		r.count(r.outcomeOf(res), a.Name)
		return res
	}
	res, outcome := r.resolve(a, iso)
	r.cache[key] = res
	r.count(outcome, a.Name)
	return res
}

func (r *resolver) outcomeOf(res resolved) string {
	switch {
	case res.create == nil || res.create.Dataset == "":
		return outcomeResolved
	case r.ambiguous(res.name, res.country):
		return outcomeAmbiguous
	}
	return outcomeCreated
}

func (r *resolver) resolve(a eventdata.Actor, iso string) (resolved, string) {
	matches := r.matches(a.Name, iso)
	if len(matches) == 1 {
		m := matches[0]
		country := iso
		if country == "" {
			country = m.Country
		}
		return resolved{id: m.ID, name: m.Name, country: country}, outcomeResolved
	}
	if c, ok := r.countries.Lookup(a.Name); ok && len(a.Sectors) == 0 || ok && iso == c.Code {
		return r.state(c.Code), outcomeResolved
	}
	res := resolved{id: r.dataset + "-" + domain.Slug(a.Name), name: a.Name, country: iso}
	named := !strings.Contains(a.Name, "(")
	res.create = &store.ImportedActor{ID: res.id, Name: a.Name, Kind: r.codes.ActorKind(a.Sectors, named, iso != ""),
		Country: iso, Dataset: r.dataset}
	if len(matches) > 1 {
		return res, outcomeAmbiguous
	}
	return res, outcomeCreated
}

// matches are the existing actors with the name (or alias) whose country,
// when both are known, is the record's.
func (r *resolver) matches(name, iso string) []store.ActorName {
	var out []store.ActorName
	for _, m := range r.byName[fold(name)] {
		if iso == "" || m.Country == "" || m.Country == iso {
			out = append(out, m)
		}
	}
	return out
}

func (r *resolver) ambiguous(name, iso string) bool { return len(r.matches(name, iso)) > 1 }

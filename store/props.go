package store

import (
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// The property layout of nodes and relationships. Claims (evidence) are
// kept as parallel lists (see claims.go): Neo4j properties cannot hold
// maps, and a relationship cannot point at a node, so lists keep a
// relation and its claims in one record that is read in one step. The
// write statements set them, merging a record's claims with those of
// other sources already on it; the props here are everything else.

type props map[string]any

func (p props) setString(key, value string) {
	if value != "" {
		p[key] = value
	}
}

func (p props) setDate(key string, d *domain.PartialDate) {
	if d != nil {
		p[key] = string(*d)
	}
}

func neoDate(t time.Time) neo4j.Date { return neo4j.DateOf(t) }

func profileProps(pr *domain.Profile) props {
	p := props{"id": pr.ID, "name": pr.Name}
	for k, v := range pr.Attributes {
		p[k] = v
	}
	if len(pr.Aliases) > 0 {
		p["aliases"] = pr.Aliases
		// Full-text indexes take strings, not lists.
		p["aliasText"] = strings.Join(pr.Aliases, "\n")
	}
	p.setString("description", pr.Description)
	return p
}

func actorProps(a *domain.Actor) props {
	p := profileProps(&a.Profile)
	p["kind"] = string(a.Kind)
	p.setString("country", a.Country)
	p.setString("wikidataId", a.WikidataID)
	return p
}

func policyProps(pol *domain.Policy) props {
	p := profileProps(&pol.Profile)
	p["kind"] = string(pol.Kind)
	if pol.Adopted != nil {
		p["adopted"] = string(*pol.Adopted)
		p["adoptedStart"] = neoDate(pol.Adopted.Start())
	}
	return p
}

func eventProps(e *domain.Event) props {
	p := profileProps(&e.Profile)
	p["kind"] = string(e.Kind)
	p["date"] = string(e.Date)
	p["dateStart"] = neoDate(e.Date.Start())
	end := e.Date.End()
	if e.EndDate != nil {
		p["endDate"] = string(*e.EndDate)
		end = e.EndDate.End()
	}
	p["dateEnd"] = neoDate(end)
	p.setString("location", e.Location)
	return p
}

func sourceProps(s *domain.Source) props {
	p := props{"id": s.ID, "title": s.Title, "text": s.Text}
	p.setString("publisher", s.Publisher)
	p.setString("url", s.URL)
	p.setDate("published", s.Published)
	return p
}

func relationProps(r *domain.Relation) props {
	p := props{"id": r.ID(), "stance": string(r.Stance), "confidence": r.Confidence}
	for k, v := range r.Attributes {
		p[k] = v
	}
	if r.Since != nil {
		p["since"] = string(*r.Since)
		p["validFrom"] = neoDate(r.Since.Start())
	}
	if r.Until != nil {
		p["until"] = string(*r.Until)
		p["validTo"] = neoDate(r.Until.End())
	}
	p.setString("role", r.Role)
	return p
}

package main

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/Khan/genqlient/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/actorgraph/actorgraph/internal/gqlclient"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// TestThirdPartyClient drives the API with genqlient, a client generated
// from the public schema: variables, and fragments on the Entity union.
func TestThirdPartyClient(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	client := graphql.NewClient(base+"/graphql", http.DefaultClient)
	ctx := context.Background()

	rels, err := gqlclient.ActorRelations(ctx, client, "Moscow", []string{"PARTNERS_WITH"}, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	// PARTNERS_WITH is symmetric: Russia's partnerships are found whichever
	// end they are stored from, each partner given as the other end.
	var partners []string
	for _, e := range rels.Actor.Relations.Edges {
		other, ok := e.Other.(*gqlclient.ActorRelationsActorRelationsRelationConnectionEdgesRelationEdgeOtherActor)
		from, _ := e.Node.From.(*gqlclient.ActorRelationsActorRelationsRelationConnectionEdgesRelationEdgeNodeRelationFromActor)
		to, _ := e.Node.To.(*gqlclient.ActorRelationsActorRelationsRelationConnectionEdgesRelationEdgeNodeRelationToActor)
		if !ok || from == nil || to == nil || !slices.Contains([][2]string{{"russia", other.Id}, {other.Id, "russia"}}, [2]string{from.Id, to.Id}) {
			t.Errorf("%s: other %#v", e.Node.Id, e.Other)
			continue
		}
		partners = append(partners, other.Id)
		if e.Node.Modality != gqlclient.ModalityAsserted && e.Node.Modality != gqlclient.ModalityReported {
			t.Errorf("%s is %s, not served by default", e.Node.Id, e.Node.Modality)
		}
	}
	if !slices.Contains(partners, "iran") {
		t.Errorf("Russia's partners: %v", partners)
	}

	found, err := gqlclient.Find(ctx, client, "Joint Comprehensive Plan of Action")
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Search) == 0 {
		t.Fatal("no hits")
	}
	if p, ok := found.Search[0].Node.(*gqlclient.FindSearchSearchHitNodePolicy); !ok || p.Id != "jcpoa" {
		t.Errorf("first hit %#v", found.Search[0].Node)
	}

	shortest, err := gqlclient.Shortest(ctx, client, "vladimir-putin", "xi-jinping")
	if err != nil {
		t.Fatal(err)
	}
	if paths := shortest.ShortestPaths.Paths; !shortest.ShortestPaths.Complete || len(paths) == 0 || paths[0].Nodes[0].GetTypename() != "Actor" {
		t.Errorf("shortest paths %#v", shortest.ShortestPaths)
	}
}

// TestIntrospectionMatchesTheSchemaFile asks the server for its schema the
// way GraphiQL and code generators do, and compares it with the file.
func TestIntrospectionMatchesTheSchemaFile(t *testing.T) {
	s := neo4jtest.Open(t)
	_ = s
	base := startServer(t, nil)
	var out struct {
		Schema struct {
			Types []struct {
				Name   string
				Fields []struct{ Name string }
			}
		} `json:"__schema"`
	}
	mustQuery(t, base, `query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { name kind fields(includeDeprecated: true) { name args { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } possibleTypes { name } } } }`, nil, &out)
	src, err := os.ReadFile("schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gqlErr != nil {
		t.Fatal(gqlErr)
	}
	served := map[string][]string{}
	for _, typ := range out.Schema.Types {
		for _, f := range typ.Fields {
			served[typ.Name] = append(served[typ.Name], f.Name)
		}
		if _, ok := served[typ.Name]; !ok {
			served[typ.Name] = nil
		}
	}
	for name, def := range schema.Types {
		got, ok := served[name]
		if !ok {
			t.Errorf("type %s is in the schema file but not served", name)
			continue
		}
		for _, f := range def.Fields {
			if !slices.Contains(got, f.Name) && def.Kind != ast.InputObject && !strings.HasPrefix(f.Name, "__") {
				t.Errorf("field %s.%s is not served", name, f.Name)
			}
		}
	}
}

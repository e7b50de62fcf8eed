package graph

import (
	"testing"

	"github.com/actorgraph/actorgraph/domain"
)

func TestPageInfo(t *testing.T) {
	empty := pageInfo(domain.Page[*domain.Actor]{TotalCount: 7, HasPrevious: true})
	if empty.StartCursor != nil || empty.EndCursor != nil || empty.HasNextPage || !empty.HasPreviousPage {
		t.Errorf("an empty page past the end: %+v", empty)
	}
	page := domain.Page[*domain.Actor]{Cursors: []string{"c1", "c2", "c3"}, HasNextPage: true}
	info := pageInfo(page)
	if info.StartCursor == nil || *info.StartCursor != "c1" || info.EndCursor == nil || *info.EndCursor != "c3" ||
		!info.HasNextPage || info.HasPreviousPage {
		t.Errorf("page info %+v", info)
	}
}

func TestConnectionsPairEachItemWithItsCursor(t *testing.T) {
	a, b := &domain.Actor{Profile: domain.Profile{ID: "a"}}, &domain.Actor{Profile: domain.Profile{ID: "b"}}
	c := actorConnection(domain.Page[*domain.Actor]{Items: []*domain.Actor{a, b}, Cursors: []string{"ca", "cb"}, TotalCount: 9})
	if c.TotalCount != 9 || len(c.Edges) != 2 || c.Edges[0].Node != a || c.Edges[0].Cursor != "ca" || c.Edges[1].Node != b || c.Edges[1].Cursor != "cb" {
		t.Errorf("connection %+v", c)
	}

	since := domain.PartialDate("2014-03")
	rel := &domain.Relation{From: "a", Type: "SANCTIONS", To: "b", Since: &since}
	event := &domain.Event{Profile: domain.Profile{ID: "e"}, Date: "2022-02-24"}
	tl := timelineConnection(domain.Page[domain.Dated]{Items: []domain.Dated{rel, event}, Cursors: []string{"c1", "c2"}})
	if len(tl.Edges) != 2 || tl.Edges[0].Date != since || tl.Edges[0].Node != rel || tl.Edges[1].Date != "2022-02-24" || tl.Edges[1].Cursor != "c2" {
		t.Errorf("timeline %+v", tl.Edges)
	}
}

func TestNarrowKeepsThePage(t *testing.T) {
	p := domain.Page[domain.Entity]{Items: []domain.Entity{&domain.Event{Profile: domain.Profile{ID: "e"}}},
		Cursors: []string{"c"}, HasNextPage: true, HasPrevious: true, TotalCount: 4}
	got := narrow[*domain.Event](p)
	if len(got.Items) != 1 || got.Items[0].ID != "e" || got.Cursors[0] != "c" || !got.HasNextPage || !got.HasPrevious || got.TotalCount != 4 {
		t.Errorf("narrowed %+v", got)
	}
}

// TestRelationEdgesKnowTheOtherEnd: an edge of a node's relations gives
// the end that is not the node, whichever end the relation is stored from;
// the top-level connection has none.
func TestRelationEdgesKnowTheOtherEnd(t *testing.T) {
	stored := &domain.Relation{From: "iran", Type: "PARTNERS_WITH", To: "russia"}
	self := &domain.Relation{From: "russia", Type: "SUPPORTS", To: "russia"}
	page := domain.Page[*domain.Relation]{Items: []*domain.Relation{stored, self}, Cursors: []string{"c1", "c2"}}
	for _, c := range []struct{ of, other, self string }{{"russia", "iran", "russia"}, {"iran", "russia", "russia"}, {"", "", ""}} {
		conn := relationConnection(page, c.of)
		if got := conn.Edges[0].OtherID(); got != c.other {
			t.Errorf("relations of %q: other %q, want %q", c.of, got, c.other)
		}
		if c.of != "iran" {
			if got := conn.Edges[1].OtherID(); got != c.self {
				t.Errorf("relations of %q: a relation with itself has other %q, want %q", c.of, got, c.self)
			}
		}
	}
}

package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// TestActorWithRelationsAnswersAsItsTwoReads: the one-statement read of
// an actor by name and a page of its relations gives what ActorByName and
// then RelationsOf give, in every direction, with a claim filter, a page
// that has a next one, the page after it and the total; a name no actor
// has is ENOTFOUND and an empty one EINVALID.
func TestActorWithRelationsAnswersAsItsTwoReads(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	predicted := domain.RelationFilter{Claims: domain.ClaimFilter{Modalities: modalities("PREDICTED", "DENIED")}}
	checked := 0
	for _, dir := range []store.Direction{store.Out, store.In, store.Both} {
		for _, f := range []domain.RelationFilter{{}, predicted} {
			var after *string
			for range 3 {
				a, page, ends, err := s.ActorWithRelations(ctx, " ALPHA ", dir, f, 1, after, true)
				if err != nil {
					t.Fatal(err)
				}
				want, err := s.ActorByName(ctx, "alpha")
				if err != nil {
					t.Fatal(err)
				}
				pages, wantEnds, err := s.RelationsOf(ctx, []string{want.ID}, dir, f, 1, after, true)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(a, want) || !reflect.DeepEqual(page, pages[want.ID]) || !reflect.DeepEqual(ends, wantEnds) {
					t.Errorf("direction %d, filter %+v, after %v:\n%+v %+v %v\nwant %+v %+v %v", dir, f, after, a, page, ends, want, pages[want.ID], wantEnds)
				}
				checked += len(page.Items)
				if !page.HasNextPage {
					break
				}
				after = &page.Cursors[len(page.Cursors)-1]
			}
		}
	}
	if checked < 6 {
		t.Errorf("compared %d relations: the fixture should give more", checked)
	}
	if _, _, _, err := s.ActorWithRelations(ctx, "nobody", store.Out, domain.RelationFilter{}, 20, nil, false); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("unknown name: %v, want ENOTFOUND", err)
	}
	if _, _, _, err := s.ActorWithRelations(ctx, " ", store.Out, domain.RelationFilter{}, 20, nil, false); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("empty name: %v, want EINVALID", err)
	}
}

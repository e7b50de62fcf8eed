package store

import (
	"context"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
)

// TestOverloadIsRefusedClearly holds the store's only query slot and
// checks that the next query waits briefly, then fails with EUNAVAILABLE
// before it reaches Neo4j.
func TestOverloadIsRefusedClearly(t *testing.T) {
	s, err := Open(Config{URI: "bolt://127.0.0.1:1", MaxConcurrent: 1, QueueWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	release, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s.Entities(context.Background(), []string{"russia"})
	if domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Errorf("query while the slot is held: %v, want %s", err, domain.EUNAVAILABLE)
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("refused after %s, before the queue wait", waited)
	}
	release()
	if s.QueryCount() != 0 {
		t.Errorf("%d statements were sent", s.QueryCount())
	}
}

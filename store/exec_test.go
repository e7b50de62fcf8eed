package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/testwait"
)

// oneSlotStore is a store with a single query slot and the given queue
// wait, pointed at an address where no Neo4j listens.
func oneSlotStore(t *testing.T, queueWait time.Duration) *Store {
	t.Helper()
	s, err := Open(Config{URI: "bolt://127.0.0.1:1", MaxConcurrent: 1, QueueWait: queueWait})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

func mustAcquire(t *testing.T, s *Store) func() {
	t.Helper()
	release, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return release
}

// TestOverloadIsRefusedClearly holds the store's only query slot: the
// next query fails with EUNAVAILABLE, saying why, before it reaches Neo4j.
func TestOverloadIsRefusedClearly(t *testing.T) {
	s := oneSlotStore(t, time.Millisecond)
	release := mustAcquire(t, s)
	defer release()
	_, err := s.Entities(context.Background(), []string{"russia"})
	if domain.ErrorCode(err) != domain.EUNAVAILABLE || !strings.Contains(domain.ErrorMessage(err), "too many concurrent queries") {
		t.Errorf("query while the slot is held: %v, want %s for too many queries", err, domain.EUNAVAILABLE)
	}
	if s.QueryCount() != 0 {
		t.Errorf("%d statements were sent", s.QueryCount())
	}
}

// TestAFreedSlotGoesToAWaitingQuery holds the only slot while another
// caller waits for it (with a queue wait that cannot run out during the
// test): freeing the slot lets the waiter through; a waiter whose request
// ends stops waiting.
func TestAFreedSlotGoesToAWaitingQuery(t *testing.T) {
	s := oneSlotStore(t, time.Hour)
	release := mustAcquire(t, s)
	got := make(chan error, 1)
	go func() {
		next, err := s.acquire(context.Background())
		if err == nil {
			next()
		}
		got <- err
	}()
	release()
	if err := testwait.Receive(t, "the waiting caller to get the freed slot", got); err != nil {
		t.Errorf("a caller waiting for the freed slot: %v", err)
	}

	release = mustAcquire(t, s)
	defer release()
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.acquire(ended); domain.ErrorCode(err) != domain.ETIMEOUT {
		t.Errorf("a caller whose request ended: %v, want %s", err, domain.ETIMEOUT)
	}
}

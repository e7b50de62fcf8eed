package domain

// Page is one page of a list read with keyset pagination.
type Page[T any] struct {
	Items []T
	// Cursors[i] is the opaque position of Items[i]; pass it as `after`.
	Cursors     []string
	HasNextPage bool
	HasPrevious bool
	// TotalCount counts every match, not just this page.
	TotalCount int
}

// Page limits.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

package domain

// Source is a document that evidence quotes from. Its full text is kept so
// that every quote can be checked against it, by the loader and by any
// later write.
type Source struct {
	ID        string
	Title     string
	Publisher string
	URL       string
	Published *PartialDate
	Text      string
}

// NodeID returns the graph-wide id.
func (s *Source) NodeID() string { return s.ID }

const maxSourceTextLength = 5 << 20

// Validate returns an EINVALID error listing every problem of the source.
func (s *Source) Validate() error {
	var v Problems
	if err := ValidateID(s.ID); err != nil {
		v.Add("id", ErrorMessage(err))
	}
	checkText(&v, "title", s.Title, maxNameLength, true)
	checkText(&v, "publisher", s.Publisher, maxNameLength, false)
	checkText(&v, "url", s.URL, maxNameLength*4, false)
	validateOptionalDate(&v, "published", s.Published)
	checkText(&v, "text", s.Text, maxSourceTextLength, true)
	return v.Err()
}

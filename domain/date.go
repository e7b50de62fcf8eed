package domain

import (
	"io"
	"regexp"
	"strconv"
	"time"
)

// PartialDate is a date as precise as its source: "2015", "2015-09" or
// "2015-09-30". It is kept as written so that a reader is never shown more
// precision than the source had.
type PartialDate string

var partialDatePattern = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)

// ParsePartialDate checks s and returns it as a PartialDate.
func ParsePartialDate(s string) (PartialDate, error) {
	m := partialDatePattern.FindStringSubmatch(s)
	if m == nil {
		return "", Errorf(EINVALID, "malformed date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	year, _ := strconv.Atoi(m[1])
	if year < 1 {
		return "", Errorf(EINVALID, "malformed date %q: year must be 0001 or later", s)
	}
	if m[2] != "" {
		month, _ := strconv.Atoi(m[2])
		if month < 1 || month > 12 {
			return "", Errorf(EINVALID, "malformed date %q: month %d is not 01..12", s, month)
		}
		if m[3] != "" {
			if _, err := time.Parse(time.DateOnly, s); err != nil {
				return "", Errorf(EINVALID, "malformed date %q: no such day", s)
			}
		}
	}
	return PartialDate(s), nil
}

// Start is the first day the date can mean.
func (d PartialDate) Start() time.Time {
	switch len(d) {
	case 4:
		t, _ := time.Parse("2006", string(d))
		return t
	case 7:
		t, _ := time.Parse("2006-01", string(d))
		return t
	default:
		t, _ := time.Parse(time.DateOnly, string(d))
		return t
	}
}

// End is the last day the date can mean.
func (d PartialDate) End() time.Time {
	switch len(d) {
	case 4:
		return d.Start().AddDate(1, 0, -1)
	case 7:
		return d.Start().AddDate(0, 1, -1)
	default:
		return d.Start()
	}
}

// MarshalGQL writes the date as a GraphQL string.
func (d PartialDate) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(d)))
}

// UnmarshalGQL accepts a GraphQL string (or an integer year) as a date.
func (d *PartialDate) UnmarshalGQL(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case int64:
		s = strconv.FormatInt(v, 10)
	case int:
		s = strconv.Itoa(v)
	default:
		return Errorf(EINVALID, "a date must be a string such as \"2015-09\", not %T", v)
	}
	p, err := ParsePartialDate(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

func (d PartialDate) String() string { return string(d) }

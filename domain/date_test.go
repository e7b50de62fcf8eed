package domain

import (
	"testing"
	"time"
)

func TestParsePartialDate(t *testing.T) {
	for _, tc := range []struct {
		in         string
		ok         bool
		start, end string
	}{
		{"2015", true, "2015-01-01", "2015-12-31"},
		{"2024-02", true, "2024-02-01", "2024-02-29"},
		{"2015-09-30", true, "2015-09-30", "2015-09-30"},
		{"2015-13", false, "", ""},
		{"2015-02-30", false, "", ""},
		{"15", false, "", ""},
		{"2015-9", false, "", ""},
		{"0000", false, "", ""},
		{"2015-09-30T00:00:00Z", false, "", ""},
		{"", false, "", ""},
	} {
		d, err := ParsePartialDate(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParsePartialDate(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if !tc.ok {
			if ErrorCode(err) != EINVALID {
				t.Errorf("ParsePartialDate(%q) code = %q, want %q", tc.in, ErrorCode(err), EINVALID)
			}
			continue
		}
		if got := d.Start().Format(time.DateOnly); got != tc.start {
			t.Errorf("%q.Start() = %s, want %s", tc.in, got, tc.start)
		}
		if got := d.End().Format(time.DateOnly); got != tc.end {
			t.Errorf("%q.End() = %s, want %s", tc.in, got, tc.end)
		}
	}
}

func TestPartialDateUnmarshalGQL(t *testing.T) {
	var d PartialDate
	if err := d.UnmarshalGQL("2015-09"); err != nil || d != "2015-09" {
		t.Fatalf("UnmarshalGQL(\"2015-09\") = %q, %v", d, err)
	}
	if err := d.UnmarshalGQL(int64(2015)); err != nil || d != "2015" {
		t.Fatalf("UnmarshalGQL(2015) = %q, %v", d, err)
	}
	for _, bad := range []any{"yesterday", 3.5, true, nil} {
		if err := d.UnmarshalGQL(bad); ErrorCode(err) != EINVALID {
			t.Errorf("UnmarshalGQL(%v) error = %v, want %s", bad, err, EINVALID)
		}
	}
}

func FuzzParsePartialDate(f *testing.F) {
	for _, s := range []string{"2015", "2015-09", "2015-09-30", "2015-02-29", "9999-12-31", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePartialDate(s)
		if err != nil {
			return
		}
		if string(d) != s {
			t.Fatalf("parsed %q as %q", s, d)
		}
		if d.End().Before(d.Start()) {
			t.Fatalf("%q ends before it starts", s)
		}
		again, err := ParsePartialDate(string(d))
		if err != nil || again != d {
			t.Fatalf("round trip of %q failed: %q, %v", s, again, err)
		}
	})
}

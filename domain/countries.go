package domain

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed countries.yaml
var countriesYAML []byte

// Country is one entry of the country table: an ISO 3166-1 alpha-3 code,
// the display name of its state, and every spelling that resolves to it.
type Country struct {
	Code  string   `yaml:"code"`
	Name  string   `yaml:"name"`
	Names []string `yaml:"names"`
}

// Countries resolves country names and codes, ignoring case.
type Countries struct {
	byCode map[string]*Country
	byName map[string]*Country
}

var countryCodePattern = regexp.MustCompile(`^[A-Z]{3}$`)

// ParseCountries reads and checks a country table: codes are three
// upper-case letters, listed once, with a name; no spelling names two
// countries.
func ParseCountries(data []byte) (*Countries, error) {
	var list []Country
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("countries: %w", err)
	}
	c := &Countries{byCode: map[string]*Country{}, byName: map[string]*Country{}}
	for i := range list {
		country := &list[i]
		if !countryCodePattern.MatchString(country.Code) {
			return nil, fmt.Errorf("countries: code %q is not three upper-case letters", country.Code)
		}
		if _, dup := c.byCode[country.Code]; dup {
			return nil, fmt.Errorf("countries: code %s is listed twice", country.Code)
		}
		if country.Name == "" {
			return nil, fmt.Errorf("countries: %s has no name", country.Code)
		}
		c.byCode[country.Code] = country
		for _, n := range append([]string{country.Name}, country.Names...) {
			key := foldName(n)
			if other, ok := c.byName[key]; ok && other != country {
				return nil, fmt.Errorf("countries: %q names both %s and %s", n, other.Code, country.Code)
			}
			c.byName[key] = country
		}
	}
	return c, nil
}

// Code returns the country whose ISO alpha-3 code is code (any case).
func (c *Countries) Code(code string) (*Country, bool) {
	country, ok := c.byCode[strings.ToUpper(strings.TrimSpace(code))]
	return country, ok
}

// Name returns the country that name spells, ignoring case and spacing.
func (c *Countries) Name(name string) (*Country, bool) {
	country, ok := c.byName[foldName(name)]
	return country, ok
}

// Lookup resolves a code or a name, the code first.
func (c *Countries) Lookup(s string) (*Country, bool) {
	if country, ok := c.Code(s); ok {
		return country, true
	}
	return c.Name(s)
}

// foldName is how names are compared: case and runs of white space do not
// count.
func foldName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// DefaultCountries is the table shipped in countries.yaml, checked when
// the program starts (and by a test).
var DefaultCountries = mustParse(ParseCountries, countriesYAML)

func mustParse[T any](parse func([]byte) (T, error), data []byte) T {
	v, err := parse(data)
	if err != nil {
		panic(err)
	}
	return v
}

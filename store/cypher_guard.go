package store

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// The Cypher guard refuses anything but a single read-only query before it
// runs. It works in two steps: checkText looks at the query's tokens (no
// round trip), checkPlan at what Neo4j's EXPLAIN says the query would do.
// Both must pass, and the query then runs in a READ transaction that is
// rolled back, never committed.
//
// checkText keeps only what a plan cannot show: a second statement, an
// EXPLAIN or PROFILE prefix, and namespaced function calls (a plan does not
// list the functions it calls). USE, LOAD CSV, CALL { } IN TRANSACTIONS,
// procedures, SHOW and administration commands are left to Neo4j's parser
// and to checkPlan: a rule on tokens for them would repeat the plan's and
// refuse ordinary names such as a variable called transactions.

// allowedProcedures are the procedures an analyst may CALL: read-only
// introspection and index queries. No dbms.*, no apoc.*.
var allowedProcedures = []string{
	"db.labels",
	"db.relationshipTypes",
	"db.propertyKeys",
	"db.schema.visualization",
	"db.schema.nodeTypeProperties",
	"db.schema.relTypeProperties",
	"db.index.fulltext.queryNodes",
	"db.index.fulltext.queryRelationships",
}

// allowedFunctions are the namespaced functions an analyst may call: Neo4j's
// built-in ones (as SHOW FUNCTIONS lists them for 5.26) less graph.*, which
// only serves USE on composite databases. Functions without a namespace are
// Neo4j's built-ins and need no listing.
var allowedFunctions = []string{
	"date.realtime", "date.statement", "date.transaction", "date.truncate",
	"datetime.fromepoch", "datetime.fromepochmillis", "datetime.realtime",
	"datetime.statement", "datetime.transaction", "datetime.truncate",
	"duration.between", "duration.inDays", "duration.inMonths", "duration.inSeconds",
	"localdatetime.realtime", "localdatetime.statement", "localdatetime.transaction", "localdatetime.truncate",
	"localtime.realtime", "localtime.statement", "localtime.transaction", "localtime.truncate",
	"point.distance", "point.withinBBox",
	"time.realtime", "time.statement", "time.transaction", "time.truncate",
	"vector.similarity.cosine", "vector.similarity.euclidean",
}

// writeOperators are prefixes of the plan operators that write; a query
// with one is refused even if its query type somehow says "r".
var writeOperators = []string{
	"Create", "Merge", "LockingMerge", "Set", "Remove", "Delete", "DetachDelete",
	"Foreach", "Drop", "DoNothingIf", "Insert",
}

func foldSet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[strings.ToLower(n)] = true
	}
	return m
}

// refuse is the error for a query the guard will not run.
func refuse(details map[string]any, format string, args ...any) *domain.Error {
	return &domain.Error{Code: domain.EFORBIDDEN, Message: fmt.Sprintf(format, args...), Details: details}
}

type tokenKind int

const (
	tokIdent  tokenKind = iota // bare name or keyword
	tokQuoted                  // `escaped name`, text unescaped
	tokString
	tokNumber
	tokParam
	tokPunct
)

type cypherToken struct {
	kind tokenKind
	text string
	pos  int // byte offset in the query
}

// is reports whether t is the bare keyword kw (case-insensitive).
func (t cypherToken) is(kw string) bool { return t.kind == tokIdent && strings.EqualFold(t.text, kw) }

func (t cypherToken) punct(p string) bool { return t.kind == tokPunct && t.text == p }

func (t cypherToken) name() bool { return t.kind == tokIdent || t.kind == tokQuoted }

// position gives a byte offset as the 1-based line and column (in
// characters) that Neo4j uses, as error details.
func position(q string, offset int) map[string]any {
	line, col := 1, 1
	for _, r := range q[:offset] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return map[string]any{"line": line, "column": col, "offset": offset}
}

// lexCypher splits a query into tokens, dropping whitespace and comments.
// Strings, quoted names and comments are skipped whole, so a semicolon or a
// keyword inside them is never mistaken for one outside.
func lexCypher(q string) ([]cypherToken, error) {
	var toks []cypherToken
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, &domain.Error{Code: domain.EINVALID, Message: "the query is not valid UTF-8", Details: position(q, i)}
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(q[i:], "//"):
			end := strings.IndexAny(q[i:], "\r\n")
			if end < 0 {
				end = len(q) - i
			}
			i += end
		case strings.HasPrefix(q[i:], "/*"):
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				return nil, &domain.Error{Code: domain.EINVALID, Message: "unterminated /* comment", Details: position(q, i)}
			}
			i += 2 + end + 2
		case r == '\'' || r == '"':
			end, err := scanString(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, cypherToken{tokString, q[i+1 : end], i})
			i = end + 1
		case r == '`':
			name, next, ok := quotedName(q, i)
			if !ok {
				return nil, &domain.Error{Code: domain.EINVALID, Message: "unterminated `quoted name`", Details: position(q, i)}
			}
			toks = append(toks, cypherToken{tokQuoted, name, i})
			i = next
		case r == '$':
			j, err := scanParam(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, cypherToken{tokParam, q[i:j], i})
			i = j
		case r >= '0' && r <= '9':
			j := scanNumber(q, i)
			toks = append(toks, cypherToken{tokNumber, q[i:j], i})
			i = j
		case identStart(r):
			j := scanName(q, i)
			toks = append(toks, cypherToken{tokIdent, q[i:j], i})
			i = j
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// Invisible characters could make this guard and Neo4j's parser
			// see different tokens; they have no use outside strings.
			return nil, &domain.Error{Code: domain.EINVALID,
				Message: fmt.Sprintf("the query contains an invisible or control character (%U) outside strings and comments", r),
				Details: position(q, i)}
		default:
			toks = append(toks, cypherToken{tokPunct, string(r), i})
			i += size
		}
	}
	return toks, nil
}

// scanString returns the index of the quote that closes the string
// literal opening at q[i].
func scanString(q string, i int) (int, error) {
	j := i + 1
	for j < len(q) && q[j] != q[i] {
		if q[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(q) {
		return 0, &domain.Error{Code: domain.EINVALID, Message: "unterminated string literal", Details: position(q, i)}
	}
	return j, nil
}

// scanParam returns the end of the parameter ($name or $`name`) at q[i].
func scanParam(q string, i int) (int, error) {
	j := i + 1
	if j < len(q) && q[j] == '`' {
		_, next, ok := quotedName(q, j)
		if !ok {
			return 0, &domain.Error{Code: domain.EINVALID, Message: "unterminated `quoted name`", Details: position(q, i)}
		}
		return next, nil
	}
	return scanName(q, j), nil
}

// scanNumber returns the end of the number literal at q[i]: digits,
// letters (hex, exponents, suffixes), _ and one decimal point.
func scanNumber(q string, i int) int {
	j := i
	for j < len(q) {
		c := q[j]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' ||
			c == '.' && j+1 < len(q) && q[j+1] >= '0' && q[j+1] <= '9' && q[j-1] != '.' {
			j++
			continue
		}
		break
	}
	return j
}

// identStart and identPart follow Neo4j's lexer (Java identifiers): a name
// starts with a letter, a letter number or connector punctuation such as _
// and goes on with digits, marks and currency symbols too, so a$b and a‿b
// are one name to Neo4j and must be one here, or a dotted function name
// could hide its namespace behind a character read as punctuation.
func identStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.In(r, unicode.Nl, unicode.Pc)
}

func identPart(r rune) bool {
	return identStart(r) || unicode.In(r, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Sc)
}

func scanName(q string, i int) int {
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		if !identPart(r) {
			break
		}
		i += size
	}
	return i
}

// quotedName reads the `name` starting at q[i] == '`'; “ escapes a backtick.
func quotedName(q string, i int) (name string, next int, ok bool) {
	var b strings.Builder
	for j := i + 1; j < len(q); j++ {
		if q[j] != '`' {
			b.WriteByte(q[j])
			continue
		}
		if j+1 < len(q) && q[j+1] == '`' {
			b.WriteByte('`')
			j++
			continue
		}
		return b.String(), j + 1, true
	}
	return "", 0, false
}

// calledName reads the name before the "(" at toks[i], walking back over
// name(.name)*: white space and comments between the parts are already
// gone, and a `quoted` part may hold dots itself. It returns the dotted
// name and the index of its first token, and check is true when it is a
// namespaced function call: the name has a dot and does not follow CALL
// (procedures are checkPlan's). A chain that follows a dot after something
// other than a name, as in $p.a.b(, keeps the leading dot, so it matches no
// allowed name and is refused: fail closed.
func calledName(toks []cypherToken, i int) (name string, first int, check bool) {
	j := i - 1
	if j < 0 || !toks[j].name() {
		return "", 0, false
	}
	parts := []string{toks[j].text}
	for j >= 2 && toks[j-1].punct(".") && toks[j-2].name() {
		j -= 2
		parts = append(parts, toks[j].text)
	}
	slices.Reverse(parts)
	name = strings.Join(parts, ".")
	switch {
	case j >= 1 && toks[j-1].punct("."):
		return "." + name, j - 1, true
	case j >= 1 && toks[j-1].is("CALL"):
		return name, j, false
	}
	return name, j, strings.Contains(name, ".")
}

// checkText is the guard's first step, on the query's tokens: it refuses
// an empty query, a second statement, EXPLAIN/PROFILE prefixes and
// namespaced functions off the allow-list, with the offending token's line
// and column. The lexer has already refused invisible characters and
// unterminated strings, comments and `quoted names`.
func (l *CypherLimits) checkText(q string) error {
	toks, err := lexCypher(q)
	if err != nil {
		return err
	}
	at := func(t cypherToken) map[string]any { return position(q, t.pos) }

	// Pre-parser options: CYPHER [version] [key=value ...], EXPLAIN, PROFILE.
	start := 0
	for start < len(toks) {
		t := toks[start]
		if t.is("EXPLAIN") || t.is("PROFILE") {
			return &domain.Error{Code: domain.EINVALID, Details: at(t),
				Message: "EXPLAIN and PROFILE are not supported here: send the query itself"}
		}
		if !t.is("CYPHER") {
			break
		}
		start++
		if start < len(toks) && toks[start].kind == tokNumber {
			start++
		}
		for start+2 < len(toks) && toks[start+1].punct("=") {
			start += 3
		}
	}
	if start >= len(toks) || start == len(toks)-1 && toks[start].punct(";") {
		return domain.Errorf(domain.EINVALID, "the query is empty")
	}

	for i, t := range toks {
		if t.punct(";") && i != len(toks)-1 {
			return refuse(at(toks[i+1]), "multiple statements are not allowed: send one query without a second statement after ';'")
		}
		if !t.punct("(") {
			continue
		}
		if name, first, check := calledName(toks, i); check && !l.functions[strings.ToLower(name)] {
			return refuse(withDetail(at(toks[first]), "function", name),
				"function %s is not allowed: only Neo4j's built-in functions and those on the allow-list are", name)
		}
	}
	return nil
}

func withDetail(details map[string]any, key string, value any) map[string]any {
	details[key] = value
	return details
}

func (l *CypherLimits) procedureList() []string {
	return append(append([]string{}, allowedProcedures...), l.ExtraProcedures...)
}

// checkPlan is the guard's second step, on the summary of EXPLAIN: the
// query type must be "r", the database actorgraph's, and no plan operator
// may load CSV, call a procedure off the allow-list, run an administration
// command, commit in batches or write.
func (l *CypherLimits) checkPlan(sum neo4j.ResultSummary, database string) error {
	if qt := sum.StatementType().String(); qt != "r" {
		kind := map[string]string{"rw": "a read-write", "w": "a write", "s": "a schema or administration"}[qt]
		if kind == "" {
			kind = "an unknown"
		}
		return refuse(map[string]any{"queryType": qt},
			"only read-only queries are allowed: Neo4j classifies this as %s query (type %q)", kind, qt)
	}
	if db := sum.Database(); db != nil {
		name := db.Name()
		if name == "system" || database != "" && !strings.EqualFold(name, database) {
			return refuse(map[string]any{"database": name}, "the query would run against database %q: queries run against the actorgraph database only", name)
		}
	}
	plan := sum.Plan()
	if plan == nil {
		return refuse(nil, "Neo4j returned no plan for the query, so it cannot be checked")
	}
	return l.checkOperators(plan)
}

func (l *CypherLimits) checkOperators(p neo4j.Plan) error {
	op, _, _ := strings.Cut(p.Operator(), "@")
	details, _ := p.Arguments()["Details"].(string)
	why := map[string]any{"operator": op}
	switch {
	case op == "LoadCSV":
		return refuse(why, "LOAD CSV is not allowed")
	case op == "ProcedureCall":
		name, _, _ := strings.Cut(details, "(")
		name = strings.TrimSpace(strings.ReplaceAll(name, "`", ""))
		if !l.procedures[strings.ToLower(name)] {
			return refuse(withDetail(why, "procedure", name), "procedure %s is not allowed: allowed procedures are %s", name, strings.Join(l.procedureList(), ", "))
		}
	case op == "AdministrationCommand" || strings.HasPrefix(op, "Show") || strings.HasPrefix(op, "Terminate"):
		return refuse(why, "administration and SHOW commands are not allowed (%s)", op)
	case strings.Contains(op, "Procedure"):
		return refuse(why, "procedure calls of this kind (%s) are not allowed", op)
	case op == "TransactionApply" || op == "TransactionForeach":
		return refuse(why, "CALL { ... } IN TRANSACTIONS is not allowed")
	}
	for _, w := range writeOperators {
		if strings.HasPrefix(op, w) {
			return refuse(why, "writes are not allowed (%s)", op)
		}
	}
	for _, c := range p.Children() {
		if err := l.checkOperators(c); err != nil {
			return err
		}
	}
	return nil
}

package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// DefaultPerFile is how many relations go into one relations CSV file.
const DefaultPerFile = 200_000

// textsDir is the folder, beside sources.csv, of the source texts.
const textsDir = "texts"

// Config says what to generate.
type Config struct {
	Relations int
	Seed      uint64
	// PerFile is the number of relations per relations file; 0 means
	// DefaultPerFile. One file is named relations.csv, several
	// relations-001.csv, relations-002.csv, ...
	PerFile int
	// PreClaims writes what actorgraph read before claims: evidence
	// columns source and quote only, and GROUP actors as PERSON. The rest
	// (relations, quotes) is the same as without it, for comparing the two
	// versions on the same data.
	PreClaims bool
}

// Summary says what Generate wrote.
type Summary struct {
	Sources, Actors, Policies, Events, Relations int
	// RelationRows counts relation CSV rows: one per relation plus one per
	// extra piece of evidence.
	RelationRows, RelationFiles int
	// Files and Bytes count everything written, source texts included.
	Files int
	Bytes int64
	// TopHub is the id of the node with the most relations.
	TopHub    string
	TopDegree int
}

// Node counts per relation: the seed has about 5 relations per actor, but
// a bigger graph has a higher average degree, as real ones do.
const (
	relationsPerActor  = 20
	relationsPerPolicy = 100
	relationsPerEvent  = 50
	relationsPerSource = 500
)

// Power-law exponents: endpoint i (by rank within its kind) is picked with
// weight 1/(i+1)^s, so the first nodes of each kind are hubs.
const (
	actorExponent  = 0.9
	policyExponent = 0.8
	eventExponent  = 0.8
	sourceExponent = 0.5
)

// Counts returns the number of actors, policies, events and sources
// generated for n relations. There are at least two actors of each kind,
// so that every relation type has endpoints.
func Counts(n int) (actors, policies, events, sources int) {
	return max(n/relationsPerActor, 2*len(actorKindOrder)+hubCount(0)),
		max(n/relationsPerPolicy, 4),
		max(n/relationsPerEvent, 4),
		max(n/relationsPerSource, 1)
}

// hubCount is how many of the first actors are states, the biggest hubs.
func hubCount(actors int) int { return max(3, actors/1000) }

// seedTypeCounts is how often each relation type occurs in
// data/seed/relations.yaml (292 relations); the generator draws types with
// these weights. A type of the vocabulary missing here gets weight 1.
var seedTypeCounts = map[string]int{
	"PARTICIPATED_IN": 48, "TARGETS": 33, "ISSUED": 26, "LOCATED_IN": 21, "SUPPORTS": 20,
	"MEMBER_OF": 15, "LEADS": 10, "OPPOSES": 9, "ENGAGES_DIPLOMATICALLY_WITH": 9, "CRITICIZES": 9,
	"REPRESENTS": 8, "LED_TO": 8, "FIGHTS": 8, "REPORTED_ON": 7, "PARTY_TO": 7, "CONSTRAINS": 7,
	"COMPETES_WITH": 7, "ALLIED_WITH": 7, "SUPPLIES_ARMS_TO": 5, "INTERVENES_IN": 5, "THREATENS": 3,
	"SANCTIONS": 3, "PARTNERS_WITH": 3, "ENGAGES_ECONOMICALLY_WITH": 3, "CONTAINS": 3, "RESPONDED_TO": 2,
	"PRAISES": 2, "MEDIATES_IN": 2, "FUNDS": 1, "CLAIMS": 1,
}

// entityPreference weighs the entity kinds of an endpoint that may be
// several: mostly actors.
var entityPreference = map[domain.EntityKind]float64{domain.KindActor: 6, domain.KindPolicy: 2, domain.KindEvent: 2}

type actor struct {
	kind    domain.ActorKind
	name    string
	home    int32 // index into states of the actor's state
	adj     string
	capital string
	country string
}

type source struct {
	id, title, publisher, published string
	sentences                       int
}

// relKey is the identity of a relation: from, type, to, since.
type relKey struct {
	from, to int32
	since    uint32
	typ      uint8
}

type generator struct {
	cfg Config
	dir string
	r   *rand.Rand
	sum Summary

	// Nodes are numbered actors first, then policies, then events.
	ids     []string
	ends    []domain.Endpoint
	degree  []int32
	usedIDs map[string]bool

	actors []actor
	states []int32 // actor index of each state
	// statePool picks a state (as an index into states) by its weight.
	statePool *pool

	sources    []source
	sourcePool *pool

	// sentence generation reseeds its own PCG per sentence, so that quotes
	// can be made again from (source, sentence) without keeping the texts.
	spcg *rand.PCG
	sr   *rand.Rand
	sb   strings.Builder
}

// Generate writes a data set of cfg.Relations relations into dir, which
// must exist and should be empty.
func Generate(dir string, cfg Config) (Summary, error) {
	if cfg.PerFile <= 0 {
		cfg.PerFile = DefaultPerFile
	}
	if cfg.Relations < 1 {
		return Summary{}, fmt.Errorf("relations must be at least 1")
	}
	g := &generator{cfg: cfg, dir: dir, r: rand.New(rand.NewPCG(cfg.Seed, 0x61637467726170)), usedIDs: map[string]bool{}}
	g.spcg = rand.NewPCG(0, 0)
	g.sr = rand.New(g.spcg)
	nActors, nPolicies, nEvents, nSources := Counts(cfg.Relations)
	g.sum.Actors, g.sum.Policies, g.sum.Events, g.sum.Sources = nActors, nPolicies, nEvents, nSources

	g.planSources(nSources)
	g.planActors(nActors)
	steps := []func() error{
		g.writeSources,
		g.writeActors,
		func() error { return g.writePolicies(nPolicies) },
		func() error { return g.writeEvents(nEvents) },
		g.writeRelations,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return g.sum, err
		}
	}
	for i, d := range g.degree {
		if int(d) > g.sum.TopDegree {
			g.sum.TopDegree, g.sum.TopHub = int(d), g.ids[i]
		}
	}
	return g.sum, nil
}

// --- sampling ---------------------------------------------------------------

// pool is a set of items picked with weights; cum holds running totals.
type pool struct {
	members []int32
	cum     []float64
}

func (p *pool) add(member int32, weight float64) {
	total := 0.0
	if len(p.cum) > 0 {
		total = p.cum[len(p.cum)-1]
	}
	p.members = append(p.members, member)
	p.cum = append(p.cum, total+weight)
}

func (p *pool) total() float64 {
	if len(p.cum) == 0 {
		return 0
	}
	return p.cum[len(p.cum)-1]
}

func (p *pool) pick(r *rand.Rand) int32 {
	x := r.Float64() * p.total()
	i := sort.Search(len(p.cum), func(i int) bool { return p.cum[i] > x })
	return p.members[min(i, len(p.members)-1)]
}

// rankWeight is the power-law weight of the item of rank i (0 first).
func rankWeight(i int, s float64) float64 { return math.Pow(float64(i+1), -s) }

// choice picks an index by weight.
func choice(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func pick[T any](r *rand.Rand, items []T) T { return items[r.IntN(len(items))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// side picks one endpoint of a relation type: first one of its pools, by
// weight, then a member of that pool.
type side struct {
	pools   []*pool
	weights []float64
}

func (s *side) pick(r *rand.Rand) int32 { return s.pools[choice(r, s.weights)].pick(r) }

// --- dates ------------------------------------------------------------------

// lastYear bounds end dates: nothing ends in the future.
const lastYear = 2025

// date is a day, written with the precision prec: 1 year, 2 month, 3 day.
type date struct {
	y, m, d, prec int
}

func (d date) String() string {
	switch d.prec {
	case 1:
		return fmt.Sprintf("%04d", d.y)
	case 2:
		return fmt.Sprintf("%04d-%02d", d.y, d.m)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	}
}

// key encodes the date as written (so "2015" and "2015-01" differ).
func (d date) key() uint32 {
	k := uint32(d.y) * 10000
	if d.prec >= 2 {
		k += uint32(d.m) * 100
	}
	if d.prec >= 3 {
		k += uint32(d.d)
	}
	return k
}

// randomDate is a day between from and to (years), later years likelier.
func randomDate(r *rand.Rand, from, to int) date {
	u := r.Float64()
	y := to - int(float64(to-from+1)*u*u)
	return dayOf(r, y, 1+r.IntN(365))
}

func dayOf(r *rand.Rand, y, yday int) date {
	t := timeOf(y, yday)
	return date{y: t.y, m: t.m, d: t.d, prec: 1 + choice(r, []float64{4, 3, 3})}
}

// later is a date days after d, with a precision of its own: it never ends
// before d starts, whatever the two precisions.
func later(r *rand.Rand, d date, days int) date {
	t := timeOf(d.y, yearDay(d.y, d.m, d.d)+days)
	return date{y: t.y, m: t.m, d: t.d, prec: 1 + choice(r, []float64{4, 3, 3})}
}

type ymd struct{ y, m, d int }

var monthDays = [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func yearLength(y int) int {
	if leap(y) {
		return 366
	}
	return 365
}

func yearDay(y, m, d int) int {
	n := d
	for i := 0; i < m-1; i++ {
		n += monthDays[i]
		if i == 1 && leap(y) {
			n++
		}
	}
	return n
}

// timeOf is day yday (1-based, may run past the year) of year y.
func timeOf(y, yday int) ymd {
	for yday > yearLength(y) {
		yday -= yearLength(y)
		y++
	}
	m := 0
	for {
		n := monthDays[m]
		if m == 1 && leap(y) {
			n++
		}
		if yday <= n {
			return ymd{y, m + 1, yday}
		}
		yday -= n
		m++
	}
}

// --- ids --------------------------------------------------------------------

// newID makes a slug id from name, unique across every kind.
func (g *generator) newID(name string) string {
	base := slug(name)
	if len(base) > 70 {
		base = strings.TrimRight(base[:70], "-")
	}
	id := base
	for n := 2; g.usedIDs[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	g.usedIDs[id] = true
	return id
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		case c == '\'' || c == '’':
			// "Workers' Party" -> workers-party, "Varin's" -> varins
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func (g *generator) addNode(id string, end domain.Endpoint) int32 {
	g.ids = append(g.ids, id)
	g.ends = append(g.ends, end)
	return int32(len(g.ids) - 1)
}

// --- output -----------------------------------------------------------------

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type outFile struct {
	f   *os.File
	cnt *countingWriter
	bw  *bufio.Writer
	csv *csv.Writer
	g   *generator
}

func (g *generator) create(name string) (*outFile, error) {
	f, err := os.Create(filepath.Join(g.dir, name))
	if err != nil {
		return nil, err
	}
	cnt := &countingWriter{w: f}
	bw := bufio.NewWriterSize(cnt, 256<<10)
	return &outFile{f: f, cnt: cnt, bw: bw, csv: csv.NewWriter(bw), g: g}, nil
}

func (o *outFile) row(fields ...string) error { return o.csv.Write(fields) }

func (o *outFile) close() error {
	o.csv.Flush()
	err := o.csv.Error()
	if ferr := o.bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	o.g.sum.Files++
	o.g.sum.Bytes += o.cnt.n
	return err
}

// attrs renders name/value pairs as a JSON object in the given order.
func attrs(kv ...any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(kv[i].(string)))
		b.WriteString(": ")
		switch v := kv[i+1].(type) {
		case string:
			b.WriteString(strconv.Quote(v))
		case int:
			b.WriteString(strconv.Itoa(v))
		case bool:
			b.WriteString(strconv.FormatBool(v))
		default:
			panic(fmt.Sprintf("attrs: %T", v))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// --- sources ----------------------------------------------------------------

func (g *generator) planSources(n int) {
	g.sourcePool = &pool{}
	for i := range n {
		published := randomDate(g.r, 2000, 2024)
		title := fmt.Sprintf("%s %s on %s, %s %d", word(g.r, 2, 3), pick(g.r, sourceSeries), pick(g.r, topics),
			months[published.m-1], published.y)
		s := source{
			id:        g.newID(title),
			title:     title,
			publisher: word(g.r, 2, 3) + " " + pick(g.r, publisherKinds),
			sentences: 200 + g.r.IntN(201),
		}
		if chance(g.r, 0.9) {
			s.published = published.String()
		}
		g.sources = append(g.sources, s)
		g.sourcePool.add(int32(i), rankWeight(i, sourceExponent))
	}
}

func (g *generator) writeSources() error {
	if err := os.MkdirAll(filepath.Join(g.dir, textsDir), 0o755); err != nil {
		return err
	}
	out, err := g.create("sources.csv")
	if err != nil {
		return err
	}
	if err := out.row("id", "title", "publisher", "url", "published", "file"); err != nil {
		return err
	}
	for i, s := range g.sources {
		file := textsDir + "/" + s.id + ".txt"
		if err := out.row(s.id, s.title, s.publisher, "https://example.org/"+s.id, s.published, file); err != nil {
			return err
		}
		if err := g.writeText(i, file); err != nil {
			return err
		}
	}
	return out.close()
}

// writeText writes source i's text: its title, then paragraphs of its
// sentences wrapped at 76 columns (quotes match across the line breaks).
func (g *generator) writeText(i int, name string) error {
	out, err := g.create(name)
	if err != nil {
		return err
	}
	s := g.sources[i]
	fmt.Fprintf(out.bw, "%s\n%s\n\n", s.title, s.publisher)
	col := 0
	para := 3 + g.r.IntN(5)
	for j := range s.sentences {
		text, _ := g.sentence(i, j)
		for _, w := range strings.Fields(text) {
			switch {
			case col == 0:
			case col+1+len(w) > 76:
				out.bw.WriteByte('\n')
				col = 0
			default:
				out.bw.WriteByte(' ')
				col++
			}
			out.bw.WriteString(w)
			col += len(w)
		}
		if para--; para == 0 || j == s.sentences-1 {
			out.bw.WriteString("\n\n")
			col = 0
			para = 3 + g.r.IntN(5)
		}
	}
	return out.close()
}

// sentence is sentence j of source i's text, and how it holds what it
// says: the same every time, so a quote is made again from its position
// instead of being kept.
func (g *generator) sentence(i, j int) (string, voice) {
	g.spcg.Seed(g.cfg.Seed^0x736f75726365, uint64(i)<<32|uint64(j))
	g.sb.Reset()
	v := writeSentence(g.sr, &g.sb, g)
	return g.sb.String(), v
}

// --- actors -----------------------------------------------------------------

var actorKindOrder = []domain.ActorKind{
	domain.ActorState, domain.ActorPerson, domain.ActorGroup, domain.ActorGovernmentBody, domain.ActorOrganization,
	domain.ActorAlliance, domain.ActorArmedGroup, domain.ActorMedia, domain.ActorRegion,
}

// actorKindWeights: mostly people, organisations, government bodies and
// states, as in the seed, and some of every other kind.
var actorKindWeights = []float64{8, 34, 5, 16, 20, 3, 5, 8, 6}

// planActors decides every actor's kind, name and id. The first actors are
// states: weights fall with rank, so they are the hubs.
func (g *generator) planActors(n int) {
	g.actors = make([]actor, n)
	hubs := hubCount(n)
	for i := range g.actors {
		switch {
		case i < hubs:
			g.actors[i].kind = domain.ActorState
		case i < hubs+len(actorKindOrder):
			g.actors[i].kind = actorKindOrder[i-hubs]
		default:
			g.actors[i].kind = actorKindOrder[choice(g.r, actorKindWeights)]
		}
	}
	g.statePool = &pool{}
	for i := range g.actors {
		a := &g.actors[i]
		if a.kind != domain.ActorState {
			continue
		}
		a.name = word(g.r, 2, 3) + pick(g.r, stateSuffixes)
		a.adj = adjective(a.name)
		a.capital = word(g.r, 2, 3) + pick(g.r, citySuffixes)
		a.country = strings.ToUpper(a.name[:3])
		a.home = int32(len(g.states))
		g.statePool.add(int32(len(g.states)), rankWeight(i, actorExponent))
		g.states = append(g.states, int32(i))
	}
	for i := range g.actors {
		a := &g.actors[i]
		if a.kind != domain.ActorState {
			a.home = g.statePool.pick(g.r)
			home := &g.actors[g.states[a.home]]
			a.name = actorName(g.r, a.kind, home)
			a.adj, a.capital, a.country = home.adj, home.capital, home.country
			if a.kind == domain.ActorAlliance || a.kind == domain.ActorRegion && chance(g.r, 0.2) {
				a.country = ""
			}
		}
	}
	for i := range g.actors {
		g.addNode(g.newID(g.actors[i].name), domain.Endpoint{Kind: domain.KindActor, ActorKind: g.actors[i].kind})
	}
}

func (g *generator) state(a *actor) *actor { return &g.actors[g.states[a.home]] }

// otherState is a state picked by weight, other than a's when it can be.
func (g *generator) otherState(a *actor) *actor {
	for range 8 {
		if s := g.statePool.pick(g.r); s != a.home {
			return &g.actors[g.states[s]]
		}
	}
	return g.state(a)
}

func (g *generator) writeActors() error {
	out, err := g.create("actors.csv")
	if err != nil {
		return err
	}
	if err := out.row(append([]string{"id", "name", "aliases", "kind", "country", "wikidataId", "description", "attributes"}, g.claimHeader()...)...); err != nil {
		return err
	}
	for i := range g.actors {
		a := &g.actors[i]
		aliases, description, attributes := g.actorDetails(a)
		for _, c := range g.nodeEvidence() {
			if err := out.row(append([]string{g.ids[i], a.name, aliases, g.kindColumn(a.kind), a.country, "", description, attributes}, g.columns(c)...)...); err != nil {
				return err
			}
		}
	}
	return out.close()
}

func (g *generator) actorDetails(a *actor) (aliases, description, attributes string) {
	r := g.r
	home := g.state(a)
	var al []string
	switch a.kind {
	case domain.ActorState:
		if chance(r, 0.6) {
			al = append(al, pick(r, stateForms)+" of "+a.name)
		}
		if chance(r, 0.4) {
			al = append(al, a.capital)
		}
		if chance(r, 0.6) {
			description = fmt.Sprintf("A state in %s with a population of about %d million; its capital is %s.",
				pick(r, worldRegions), 1+r.IntN(200), a.capital)
		}
		if chance(r, 0.4) {
			attributes = attrs("populationMillions", 1+r.IntN(300), "gdpUsd", (1+r.IntN(5000))*1_000_000_000)
		}
	case domain.ActorPerson:
		family := a.name[strings.LastIndexByte(a.name, ' ')+1:]
		if chance(r, 0.3) {
			al = append(al, pick(r, personTitles)+" "+family)
		}
		if chance(r, 0.5) {
			description = fmt.Sprintf("%s %s.", home.adj, pick(r, personRoles))
		}
		if chance(r, 0.15) {
			attributes = attrs("born", 1930+r.IntN(70))
		}
	default:
		if chance(r, 0.3) {
			if ac := acronym(a.name); len(ac) >= 2 {
				al = append(al, ac)
			}
		}
		if chance(r, 0.5) {
			description = fmt.Sprintf("%s based in %s, %s.", kindPhrase[a.kind], home.capital, home.name)
		}
		switch {
		case a.kind == domain.ActorOrganization && chance(r, 0.2):
			attributes = attrs("founded", 1900+r.IntN(124), "employees", 10+r.IntN(200_000))
		case a.kind == domain.ActorAlliance && chance(r, 0.6):
			attributes = attrs("members", 2+r.IntN(40))
		case a.kind == domain.ActorArmedGroup && chance(r, 0.3):
			attributes = attrs("fighters", 100+r.IntN(50_000))
		case a.kind == domain.ActorMedia && chance(r, 0.25):
			attributes = attrs("founded", 1880+r.IntN(144), "stateOwned", chance(r, 0.4))
		case a.kind == domain.ActorGovernmentBody && chance(r, 0.15):
			attributes = attrs("budgetUsd", (1+r.IntN(900))*10_000_000)
		case a.kind == domain.ActorRegion && chance(r, 0.25):
			attributes = attrs("areaKm2", 500+r.IntN(900_000))
		}
	}
	return strings.Join(al, ";"), description, attributes
}

// --- policies and events ----------------------------------------------------

var policyKinds = []string{"POLICY_PROGRAM", "STRATEGY", "SANCTIONS_REGIME", "AGREEMENT", "LEGISLATION", "TRADE_MEASURE", "DOCTRINE"}
var policyKindWeights = []float64{8, 3, 3, 3, 3, 2, 2}

func (g *generator) writePolicies(n int) error {
	out, err := g.create("policies.csv")
	if err != nil {
		return err
	}
	if err := out.row(append([]string{"id", "name", "aliases", "kind", "adopted", "description", "attributes"}, g.claimHeader()...)...); err != nil {
		return err
	}
	r := g.r
	for range n {
		kind := policyKinds[choice(r, policyKindWeights)]
		owner := &g.actors[g.states[g.statePool.pick(r)]]
		target := g.otherState(owner)
		adopted := randomDate(r, 1990, 2024)
		name := policyName(r, kind, owner, target, adopted.y)
		id := g.newID(name)
		g.addNode(id, domain.Endpoint{Kind: domain.KindPolicy})
		var adoptedText, aliases, description, attributes string
		if chance(r, 0.6) {
			adoptedText = adopted.String()
		}
		if chance(r, 0.2) {
			aliases = acronym(name)
		}
		if chance(r, 0.4) {
			description = fmt.Sprintf("%s adopted by %s%s.", policyPhrase[kind], owner.name, aimedAt(r, target))
		}
		switch {
		case (kind == "SANCTIONS_REGIME" || kind == "POLICY_PROGRAM") && chance(r, 0.3):
			attributes = attrs("amountUsd", (1+r.IntN(999))*1_000_000)
		case kind == "TRADE_MEASURE" && chance(r, 0.5):
			attributes = attrs("tariffPercentMin", 5+r.IntN(96), "status", pick(r, []string{"proposed", "in force", "lifted"}))
		}
		for _, c := range g.nodeEvidence() {
			if err := out.row(append([]string{id, name, aliases, kind, adoptedText, description, attributes}, g.columns(c)...)...); err != nil {
				return err
			}
		}
	}
	return out.close()
}

func aimedAt(r *rand.Rand, target *actor) string {
	if chance(r, 0.5) {
		return ", aimed at " + target.name
	}
	return ""
}

var eventKinds = []string{"STATEMENT", "MEETING", "SPEECH", "FUNDRAISING", "INTERVIEW", "ELECTION_CAMPAIGN",
	"MILITARY_INTERVENTION", "REPORT", "NEGOTIATION", "RALLY", "WAR", "INVASION", "CONFLICT", "PERIOD"}
var eventKindWeights = []float64{6, 4, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1}

// longEvents may have an end date.
var longEvents = map[string]bool{"WAR": true, "CONFLICT": true, "PERIOD": true, "ELECTION_CAMPAIGN": true,
	"INVASION": true, "MILITARY_INTERVENTION": true, "NEGOTIATION": true}

func (g *generator) writeEvents(n int) error {
	out, err := g.create("events.csv")
	if err != nil {
		return err
	}
	if err := out.row(append([]string{"id", "name", "aliases", "kind", "date", "endDate", "location", "description", "attributes"}, g.claimHeader()...)...); err != nil {
		return err
	}
	r := g.r
	for range n {
		kind := eventKinds[choice(r, eventKindWeights)]
		host := &g.actors[g.states[g.statePool.pick(r)]]
		other := g.otherState(host)
		person := word(r, 2, 3)
		d := randomDate(r, 1990, 2024)
		var end *date
		if longEvents[kind] && chance(r, 0.6) {
			if e := later(r, d, 1+r.IntN(365*6)); e.y <= lastYear {
				end = &e
			}
		}
		name := eventName(r, kind, host, other, person, d, end)
		id := g.newID(name)
		g.addNode(id, domain.Endpoint{Kind: domain.KindEvent})
		var endText, location, aliases, description, attributes string
		if end != nil {
			endText = end.String()
		}
		if chance(r, 0.7) {
			location = host.capital
			if chance(r, 0.3) {
				location = host.name
			}
		}
		if chance(r, 0.1) {
			aliases = acronym(name)
		}
		if chance(r, 0.4) {
			description = fmt.Sprintf("%s involving %s and %s.", eventPhrase[kind], host.name, other.name)
		}
		switch {
		case kind == "FUNDRAISING" && chance(r, 0.6):
			attributes = attrs("amountUsd", (1+r.IntN(200))*500_000, "period", fmt.Sprintf("%04d-%02d", d.y, d.m))
		case kind == "WAR" && chance(r, 0.3):
			attributes = attrs("casualties", 100+r.IntN(500_000))
		case kind == "MEETING" && chance(r, 0.2):
			attributes = attrs("delegations", 2+r.IntN(30))
		}
		for _, c := range g.nodeEvidence() {
			if err := out.row(append([]string{id, name, aliases, kind, d.String(), endText, location, description, attributes}, g.columns(c)...)...); err != nil {
				return err
			}
		}
	}
	return out.close()
}

// --- relations --------------------------------------------------------------

// relType is a vocabulary type with what the generator needs to draw it.
type relType struct {
	rt       *domain.RelationType
	from, to side
}

// relationTypes returns the vocabulary's types, in file order, with their
// endpoint samplers, and the weight of each.
func (g *generator) relationTypes() ([]relType, []float64, error) {
	actorPools := map[domain.ActorKind]*pool{}
	for _, k := range actorKindOrder {
		actorPools[k] = &pool{}
	}
	policies, events := &pool{}, &pool{}
	nActors := len(g.actors)
	for i, e := range g.ends {
		switch e.Kind {
		case domain.KindActor:
			actorPools[e.ActorKind].add(int32(i), rankWeight(i, actorExponent))
		case domain.KindPolicy:
			policies.add(int32(i), rankWeight(i-nActors, policyExponent))
		case domain.KindEvent:
			events.add(int32(i), rankWeight(i-nActors-g.sum.Policies, eventExponent))
		}
	}
	makeSide := func(kinds []domain.EntityKind, actorKinds []domain.ActorKind) side {
		var s side
		for _, k := range kinds {
			switch k {
			case domain.KindActor:
				allowed := actorKinds
				if len(allowed) == 0 {
					allowed = actorKindOrder
				}
				total := 0.0
				for _, ak := range allowed {
					total += actorPools[ak].total()
				}
				for _, ak := range actorKindOrder { // fixed order, not the file's
					if p := actorPools[ak]; containsKind(allowed, ak) && p.total() > 0 {
						s.pools = append(s.pools, p)
						s.weights = append(s.weights, entityPreference[k]*p.total()/total)
					}
				}
			case domain.KindPolicy:
				s.pools = append(s.pools, policies)
				s.weights = append(s.weights, entityPreference[k])
			case domain.KindEvent:
				s.pools = append(s.pools, events)
				s.weights = append(s.weights, entityPreference[k])
			}
		}
		return s
	}
	var types []relType
	var weights []float64
	for _, t := range domain.DefaultVocabulary.Types() {
		rt, _ := domain.DefaultVocabulary.Lookup(t.Type)
		rel := relType{rt: rt, from: makeSide(rt.From, rt.FromKinds), to: makeSide(rt.To, rt.ToKinds)}
		if len(rel.from.pools) == 0 || len(rel.to.pools) == 0 {
			continue
		}
		w := seedTypeCounts[rt.Type]
		if w == 0 {
			w = 1
		}
		types = append(types, rel)
		weights = append(weights, float64(w))
	}
	if len(types) > 255 {
		return nil, nil, fmt.Errorf("too many relation types (%d)", len(types))
	}
	return types, weights, nil
}

func containsKind(kinds []domain.ActorKind, k domain.ActorKind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}

// relationHeader is the columns of a relation before its claim's.
var relationHeader = []string{"from", "type", "to", "since", "until", "stance", "confidence", "role", "attributes"}

func (g *generator) writeRelations() error {
	types, weights, err := g.relationTypes()
	if err != nil {
		return err
	}
	g.degree = make([]int32, len(g.ids))
	// cum makes drawing a type a binary search.
	typePool := &pool{}
	for i, w := range weights {
		typePool.add(int32(i), w)
	}
	seen := make(map[relKey]struct{}, g.cfg.Relations)
	files := (g.cfg.Relations + g.cfg.PerFile - 1) / g.cfg.PerFile
	var out *outFile
	header := append(slices.Clone(relationHeader), g.claimHeader()...)
	row := make([]string, len(relationHeader), len(header))
	for n := range g.cfg.Relations {
		if n%g.cfg.PerFile == 0 {
			if out != nil {
				if err := out.close(); err != nil {
					return err
				}
			}
			name := "relations.csv"
			if files > 1 {
				name = fmt.Sprintf("relations-%03d.csv", n/g.cfg.PerFile+1)
			}
			if out, err = g.create(name); err != nil {
				return err
			}
			if err := out.row(header...); err != nil {
				return err
			}
			g.sum.RelationFiles++
		}
		d, err := g.drawRelation(types, typePool, seen)
		if err != nil {
			return err
		}
		g.degree[d.from]++
		g.degree[d.to]++
		g.relationRow(row, types[d.ti].rt, d)
		pieces := 1
		if chance(g.r, 0.12) {
			pieces = 2
		}
		for _, c := range g.evidence(pieces) {
			if err := out.row(append(row, g.columns(c)...)...); err != nil {
				return err
			}
			g.sum.RelationRows++
		}
		g.sum.Relations++
	}
	return out.close()
}

// drawn is a relation drawn: its type (an index into the types), ends and
// dates.
type drawn struct {
	ti           int32
	from, to     int32
	since, until *date
}

// drawRelation draws a relation not drawn before (seen), by type weight
// and then endpoint weights.
func (g *generator) drawRelation(types []relType, typePool *pool, seen map[relKey]struct{}) (drawn, error) {
	r := g.r
	d := drawn{ti: typePool.pick(r)}
	for attempt := 0; ; attempt++ {
		if attempt > 0 && attempt%64 == 0 {
			d.ti = typePool.pick(r) // this type is crowded among these hubs
		}
		if attempt > 100_000 {
			return d, fmt.Errorf("cannot find a new relation after %d attempts: too many relations for the nodes", attempt)
		}
		t := &types[d.ti]
		d.from, d.to = t.from.pick(r), t.to.pick(r)
		d.since, d.until = nil, nil
		if chance(r, 0.3) {
			s := randomDate(r, 1990, 2024)
			d.since = &s
			if chance(r, 0.4) {
				if u := later(r, s, r.IntN(365*10)); u.y <= lastYear {
					d.until = &u
				}
			}
		}
		if d.from == d.to {
			continue
		}
		key := relKey{from: d.from, to: d.to, typ: uint8(d.ti)}
		if t.rt.Symmetric && d.from > d.to {
			key.from, key.to = d.to, d.from // one relation per pair, whichever way round
		}
		if d.since != nil {
			key.since = d.since.key()
		}
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = struct{}{}
		return d, nil
	}
}

// relationRow fills row (relationHeader's columns) for relation d of type rt.
func (g *generator) relationRow(row []string, rt *domain.RelationType, d drawn) {
	r := g.r
	clear(row)
	row[0], row[1], row[2] = g.ids[d.from], rt.Type, g.ids[d.to]
	if d.since != nil {
		row[3] = d.since.String()
	}
	if d.until != nil {
		row[4] = d.until.String()
	}
	stance := rt.Stances[0]
	if !chance(r, 0.6) {
		stance = pick(r, rt.Stances)
	}
	if stance != rt.Stances[0] || chance(r, 0.5) {
		row[5] = string(stance)
	}
	if chance(r, 0.15) {
		row[6] = pick(r, []string{"0.5", "0.6", "0.7", "0.8", "0.9"})
	}
	if rt.Type == "PARTICIPATED_IN" && chance(r, 0.9) {
		row[7] = pick(r, roles)
	}
	row[8] = g.relationAttributes(rt.Type)
}

func (g *generator) relationAttributes(typ string) string {
	r := g.r
	switch {
	case typ == "FUNDS" && chance(r, 0.7):
		return attrs("amountUsd", (1+r.IntN(1000))*100_000)
	case typ == "SUPPLIES_ARMS_TO" && chance(r, 0.3):
		return attrs("valueUsd", (1+r.IntN(1000))*1_000_000)
	case typ == "ENGAGES_ECONOMICALLY_WITH" && chance(r, 0.25):
		return attrs("tradeVolumeUsd", (1+r.IntN(1000))*10_000_000)
	case typ == "REPRESENTS" && chance(r, 0.4):
		return attrs("position", pick(r, positions))
	case typ == "SANCTIONS" && chance(r, 0.2):
		return attrs("measures", 1+r.IntN(40))
	}
	return ""
}

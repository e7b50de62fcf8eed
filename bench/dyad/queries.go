package main

// The two ways to read a monthly dyad series, each returning one row per
// month with events: month, events, the four quad-class counts, scoreSum
// and scoreCount. Both take $a and $b (actor ids; an actor that is not a
// state stands for the state of its country) and $from and $to (DATEs).

// RawMonthly aggregates the raw :CodedEvent nodes, as an analyst would
// without the aggregates: the events of the window, through the event
// date index, whose countries are those of the two states', in either
// direction.
const RawMonthly = `MATCH (x:Actor {id: $a}), (y:Actor {id: $b})
WITH x.country AS ca, y.country AS cb
MATCH (e:Event) WHERE e.dateStart >= $from AND e.dateStart <= $to AND e:CodedEvent
  AND ((e.sourceCountry = ca AND e.targetCountry = cb) OR (e.sourceCountry = cb AND e.targetCountry = ca))
RETURN date.truncate('month', e.dateStart) AS month, count(*) AS events,
       count(CASE e.quadClass WHEN 'VERBAL_COOPERATION' THEN 1 END) AS verbalCooperation,
       count(CASE e.quadClass WHEN 'MATERIAL_COOPERATION' THEN 1 END) AS materialCooperation,
       count(CASE e.quadClass WHEN 'VERBAL_CONFLICT' THEN 1 END) AS verbalConflict,
       count(CASE e.quadClass WHEN 'MATERIAL_CONFLICT' THEN 1 END) AS materialConflict,
       sum(coalesce(e.score, 0.0)) AS scoreSum, count(e.score) AS scoreCount
ORDER BY month`

// AggregateMonthly sums the :DyadDay aggregates of the two states, as
// the API's dyad does (store/dyad.go), through the (a, b, day) index.
const AggregateMonthly = `MATCH (x:Actor {id: $a}), (y:Actor {id: $b})
CALL (x) { OPTIONAL MATCH (s:Actor {country: x.country}) WHERE x.kind <> 'STATE' AND s.kind = 'STATE' RETURN s.id AS sa LIMIT 1 }
CALL (y) { OPTIONAL MATCH (s:Actor {country: y.country}) WHERE y.kind <> 'STATE' AND s.kind = 'STATE' RETURN s.id AS sb LIMIT 1 }
WITH CASE x.kind WHEN 'STATE' THEN x.id ELSE sa END AS a, CASE y.kind WHEN 'STATE' THEN y.id ELSE sb END AS b
UNWIND CASE WHEN a = b THEN [[a, b]] ELSE [[a, b], [b, a]] END AS p
MATCH (d:DyadDay) WHERE d.a = p[0] AND d.b = p[1] AND d.day >= $from AND d.day <= $to
RETURN date.truncate('month', d.day) AS month, sum(d.events) AS events,
       sum(d.verbalCooperation) AS verbalCooperation, sum(d.materialCooperation) AS materialCooperation,
       sum(d.verbalConflict) AS verbalConflict, sum(d.materialConflict) AS materialConflict,
       sum(d.scoreSum) AS scoreSum, sum(d.scoreCount) AS scoreCount
ORDER BY month`

// busiestDyad finds the pair of distinct states with the most events (a
// scan of the aggregates: run once, before measuring).
const busiestDyad = `MATCH (d:DyadDay) WHERE d.a < d.b OR d.a > d.b
WITH CASE WHEN d.a < d.b THEN [d.a, d.b] ELSE [d.b, d.a] END AS pair, d.events AS n
RETURN pair[0], pair[1], sum(n) AS events ORDER BY events DESC LIMIT 1`

// apiQuery is the API's dyad for the same series.
const apiQuery = `query Dyad($a: ID!, $b: ID!, $from: Date, $to: Date) {
  dyad(a: $a, b: $b, from: $from, to: $to, granularity: MONTH) {
    periods { start events verbalCooperation materialCooperation verbalConflict materialConflict scoreSum scoreMean }
  }
}`

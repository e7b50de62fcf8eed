// The benchmark's peer (issue 7): the Neo4j GraphQL Library (@neo4j/graphql) served by GraphQL
// Yoga on Node's http server, over the same Neo4j database actorgraph serves. See README.md.
//
//   NEO4J_URI (bolt://127.0.0.1:7687)  NEO4J_USER (neo4j)  NEO4J_PASSWORD (unset: no auth)
//   NEO4J_DATABASE (neo4j)  PORT (4000)  HOST (127.0.0.1)
//   VOCABULARY (../../domain/vocabulary.yaml): the relation types, one relationship field each
//   MODALITIES (../../domain/modalities.yaml): the claim modalities; reads serve the default ones
//   PEER_CHECK_COMPAT (1): at startup run the library's checkNeo4jCompat() (needs APOC core) and
//                          assertIndexesAndConstraints(); 0 skips both
//   PEER_PRINT_TYPEDEFS (unset): 1 prints the generated type definitions and exits
//   PEER_DEBUG (unset): 1 turns on the library's debug log (every generated Cypher statement)
//
// Prints one line when ready: `peer listening on http://127.0.0.1:PORT/graphql`.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";
import { parse as parseYaml } from "yaml";

const env = (name, fallback) => {
    const v = process.env[name];
    return v === undefined || v.trim() === "" ? fallback : v.trim();
};

const vocabularyPath = env("VOCABULARY", fileURLToPath(new URL("../../domain/vocabulary.yaml", import.meta.url)));
const vocabulary = parseYaml(readFileSync(vocabularyPath, "utf8"));
const modalitiesPath = env("MODALITIES", fileURLToPath(new URL("../../domain/modalities.yaml", import.meta.url)));
const modalities = parseYaml(readFileSync(modalitiesPath, "utf8")).modalities;

// A Cypher list literal of names from the two files (upper-case words, never input).
const cypherList = (names) => `[${names.map((n) => `'${n}'`).join(", ")}]`;
// The types stored once per pair, from the end whose id sorts first, and read from either end.
const symmetricTypes = vocabulary.filter((t) => t.symmetric).map((t) => t.type);
// What actorgraph serves when a read names no modality: relations with a claim of one of these.
const defaultModalities = modalities.filter((m) => m.default).map((m) => m.name);
// served(r): r has a claim of a default modality, as actorgraph's store tests it (claims_filter.go).
const served = (r) => `any(x IN ${r}.modalities WHERE x IN ${cypherList(defaultModalities)})`;

// PARTNERS_WITH -> partnersWith
const fieldName = (type) => type.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());

// One outgoing relationship field per vocabulary type on each kind it may start from. Its target
// is the one kind it may end at, or the interface Entity when it may end at several. A symmetric
// type's field is queried in both directions, since its relation is stored from either end.
function relationshipFields(kind) {
    return vocabulary
        .filter((t) => t.from.includes(kind))
        .map((t) => {
            const target = t.to.length === 1 ? t.to[0] : "Entity";
            const both = t.symmetric ? ", queryDirection: UNDIRECTED" : "";
            return `    ${fieldName(t.type)}: [${target}!]! @relationship(type: "${t.type}", direction: OUT${both}, properties: "Relation")`;
        })
        .join("\n");
}

// Shared by the @cypher fields below: a relationship as a map, as actorgraph's store reads it.
const relationMap = (r) =>
    `{id: ${r}.id, type: type(${r}), from: startNode(${r}).id, to: endNode(${r}).id, since: ${r}.since, until: ${r}.until, ` +
    `stance: ${r}.stance, confidence: ${r}.confidence, role: ${r}.role, ` +
    `modality: ${r}.modality, claimSources: ${r}.claimSources, claimQuotes: ${r}.claimQuotes}`;
const entityMap = (n) => `{id: ${n}.id, name: ${n}.name, kind: ${n}.kind, labels: labels(${n})}`;

// (b) Breadth first like actorgraph's store (store/traverse.go): ring by ring, nearest first, at
// most $limit nodes counting the start, then the relations among them (at most 10 per node),
// following only relations served by default.
// Cypher allows no variable in LIMIT, so each ring reads at most $limit rows and is cut to what is
// left of the budget; depth is at most 3 (one CALL per ring; a ring past $depth reads nothing).
const neighbourhoodCypher = `
MATCH (s:Entity {id: $id})
CALL (s) {
  MATCH (s)-[r]-(b:Entity) WHERE b <> s AND ${served("r")}
  WITH DISTINCT b LIMIT $limit
  RETURN collect(b) AS found1
}
WITH s, found1[..$limit - 1] AS r1, size(found1) > $limit - 1 AS t1
CALL (s, r1, t1) {
  UNWIND CASE WHEN $depth >= 2 AND NOT t1 THEN r1 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity) WHERE b <> s AND NOT b IN r1 AND ${served("r")}
  WITH DISTINCT b LIMIT $limit
  RETURN collect(b) AS found2
}
WITH s, r1, found2[..$limit - 1 - size(r1)] AS r2, t1 OR size(found2) > $limit - 1 - size(r1) AS t2
CALL (s, r1, r2, t2) {
  UNWIND CASE WHEN $depth >= 3 AND NOT t2 THEN r2 ELSE [] END AS a
  MATCH (a)-[r]-(b:Entity) WHERE b <> s AND NOT b IN r1 AND NOT b IN r2 AND ${served("r")}
  WITH DISTINCT b LIMIT $limit
  RETURN collect(b) AS found3
}
WITH [s] + r1 + r2 + found3[..$limit - 1 - size(r1) - size(r2)] AS ns,
     t2 OR size(found3) > $limit - 1 - size(r1) - size(r2) AS t3
CALL (ns) {
  UNWIND ns AS n
  MATCH (n)-[r]->(m:Entity) WHERE m IN ns AND ${served("r")}
  WITH r LIMIT 10 * $limit + 1
  RETURN collect(r) AS rs
}
RETURN {
  nodes: [n IN ns | ${entityMap("n")}],
  edges: [r IN rs[..10 * size(ns)] | ${relationMap("r")}],
  truncated: t3 OR size(rs) > 10 * size(ns)
} AS subgraph`;

// (c) The same statement as actorgraph's store with its defaults (maxHops 4, limit 5, relations
// served by default): SHORTEST's count and the quantifier's bounds must be literals in Cypher, so
// they are fixed here.
const pathsCypher = `
MATCH p = SHORTEST 5 (a:Entity {id: $from})-[hop WHERE ${served("hop")}]-{1,4}(b:Entity {id: $to})
WITH p ORDER BY length(p)
RETURN {
  nodes: [n IN nodes(p) | ${entityMap("n")}],
  relations: [r IN relationships(p) | ${relationMap("r")}],
  length: length(p)
} AS path`;

// (a), second form: the actor's first $first outgoing relations of any type served by default,
// symmetric ones from either end, ordered by relation id, with the other end: what actorgraph's
// relations(direction: OUT) returns.
const actorRelationsCypher = `
MATCH (this)-[r]-(m:Entity)
WHERE (startNode(r) = this OR type(r) IN ${cypherList(symmetricTypes)}) AND ${served("r")}
WITH r, m ORDER BY r.id LIMIT $first
WITH m, ${relationMap("r")} AS rel
RETURN rel {.*, target: ${entityMap("m")}} AS relation`;

const typeDefs = /* GraphQL */ `
enum ActorKind { STATE PERSON GROUP GOVERNMENT_BODY ORGANIZATION ALLIANCE ARMED_GROUP MEDIA REGION }
enum Stance { VERBAL_COOPERATION MATERIAL_COOPERATION VERBAL_CONFLICT MATERIAL_CONFLICT NEUTRAL }

"What relations connect: an actor, a policy or an event (each node is also labelled :Entity)."
interface Entity {
    id: ID!
    name: String!
}

"The properties every relation carries (store/props.go, store/claims.go). Claims: claimSources[i] is the source id of claimQuotes[i], of modality claimModalities[i]; modality is the strongest."
type Relation @relationshipProperties {
    id: ID!
    since: String
    until: String
    validFrom: Date
    validTo: Date
    stance: Stance!
    confidence: Float!
    role: String
    claimSources: [String!]
    claimQuotes: [String!]
    claimModalities: [String!]
    modality: String
    modalities: [String!]
    contested: Boolean
}

type Actor implements Entity
    @node(labels: ["Actor"])
    @fulltext(indexes: [{ indexName: "actor_names", queryName: "actorsByName", fields: ["name", "aliasText"] }]) {
    id: ID!
    name: String!
    aliases: [String!]
    "The aliases joined by newlines: what the full-text index actor_names reads."
    aliasText: String
    kind: ActorKind!
    country: String
    wikidataId: String
    description: String
    claimSources: [String!]
    claimQuotes: [String!]
    "The first relations of any type that start at this actor (symmetric ones: that have it at either end) and that a source asserts or reports, by relation id (a @cypher field: the generated API has one field per type)."
    relations(first: Int = 20): [RelationView!]! @cypher(statement: """${actorRelationsCypher}""", columnName: "relation")
${relationshipFields("Actor")}
}

type Policy implements Entity @node(labels: ["Policy"]) {
    id: ID!
    name: String!
    aliases: [String!]
    kind: String!
    adopted: String
    adoptedStart: Date
    description: String
    claimSources: [String!]
    claimQuotes: [String!]
${relationshipFields("Policy")}
}

type Event implements Entity @node(labels: ["Event"]) {
    id: ID!
    name: String!
    aliases: [String!]
    kind: String!
    date: String!
    dateStart: Date!
    endDate: String
    dateEnd: Date
    location: String
    description: String
    claimSources: [String!]
    claimQuotes: [String!]
${relationshipFields("Event")}
}

type Source @node(labels: ["Source"]) {
    id: ID!
    title: String!
    publisher: String
    url: String
    published: String
}

"An entity as the @cypher fields return it."
type EntityView {
    id: ID!
    name: String!
    kind: String
    labels: [String!]!
}

"A relation as the @cypher fields return it; target only in Actor.relations."
type RelationView {
    id: ID!
    type: String!
    from: ID!
    to: ID!
    since: String
    until: String
    stance: String!
    confidence: Float!
    role: String
    modality: String
    claimSources: [String!]
    claimQuotes: [String!]
    target: EntityView
}

type Subgraph {
    nodes: [EntityView!]!
    edges: [RelationView!]!
    truncated: Boolean!
}

type PathView {
    nodes: [EntityView!]!
    relations: [RelationView!]!
    length: Int!
}

type Query {
    "The entities within depth (1 to 3) relations of a node, at most limit of them counting it, nearest first, and the relations among them."
    neighbourhood(id: ID!, depth: Int = 2, limit: Int = 100): Subgraph
        @cypher(statement: """${neighbourhoodCypher}""", columnName: "subgraph")
    "Up to 5 shortest paths of at most 4 relations between two entities, ignoring direction, shortest first."
    paths(from: ID!, to: ID!): [PathView!]! @cypher(statement: """${pathsCypher}""", columnName: "path")
}
`;

if (env("PEER_PRINT_TYPEDEFS", "") === "1") {
    process.stdout.write(typeDefs);
    process.exit(0);
}

const uri = env("NEO4J_URI", "bolt://127.0.0.1:7687");
const password = env("NEO4J_PASSWORD", "");
const auth = password ? neo4j.auth.basic(env("NEO4J_USER", "neo4j"), password) : undefined;
const driver = neo4j.driver(uri, auth); // the driver's defaults: a pool of up to 100 connections
const sessionConfig = { database: env("NEO4J_DATABASE", "neo4j") };

// debug: false, unless PEER_DEBUG=1 (then the library logs every generated Cypher statement).
const neoSchema = new Neo4jGraphQL({ typeDefs, driver, debug: env("PEER_DEBUG", "") === "1" });
let schema;
try {
    schema = await neoSchema.getSchema();
    await driver.getServerInfo(sessionConfig); // fails at once, where the checks retry for 30 s
    if (env("PEER_CHECK_COMPAT", "1") !== "0") {
        // The library's own start-up checks: the Neo4j version and the APOC functions its
        // authorization and date features use (apoc.util.validatePredicate,
        // apoc.date.convertFormat), then that the @fulltext index exists. None of the
        // benchmark's operations calls APOC (PEER_CHECK_COMPAT=0 runs them without it).
        await neoSchema.checkNeo4jCompat({ sessionConfig });
        await neoSchema.assertIndexesAndConstraints({ sessionConfig });
    }
} catch (err) {
    console.error(`peer: cannot start on ${uri}: ${String(err.message).replace(/\s*\n\s*/g, " ")}`);
    await driver.close();
    process.exit(1);
}

const yoga = createYoga({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: false,
    landingPage: false,
    logging: "warn",
    context: () => ({ sessionConfig }),
});

const host = env("HOST", "127.0.0.1");
const port = Number(env("PORT", "4000"));
const server = createServer(yoga);
server.listen(port, host, () => {
    console.log(`peer listening on http://${host}:${server.address().port}/graphql`);
});

let stopping = false;
const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    // The driver's goodbye to Neo4j can take a second or two; the harness should not wait for it.
    setTimeout(() => process.exit(0), 200).unref();
    driver.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// The explorer's one way to the server: POST /graphql, the public API.
// Every failure becomes an ApiError whose message a person can act on.

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code || '';
  }
}

// gql posts one operation and returns its data, or throws an ApiError.
export async function gql(query, variables = {}) {
  let resp;
  try {
    resp = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('Cannot reach the actorgraph server: is it running? (' + window.location.origin + ')', 'NETWORK');
  }
  const text = await resp.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(`The server answered HTTP ${resp.status} without a GraphQL response.`, 'HTTP_' + resp.status);
  }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    const code = (e.extensions && e.extensions.code) || '';
    throw new ApiError((code ? code + ': ' : '') + e.message, code);
  }
  if (!body.data) throw new ApiError(`The server answered HTTP ${resp.status} with no data.`, 'HTTP_' + resp.status);
  return body.data;
}

const entity = `
  __typename
  ... on Actor { id name aliases actorKind: kind }
  ... on Policy { id name aliases policyKind: kind }
  ... on Event { id name aliases eventKind: kind date }`;

const entityRef = `... on Actor { id name } ... on Policy { id name } ... on Event { id name }`;

const relation = `
  id type since until stance modality modalities contested confidence role
  from { ${entityRef} } to { ${entityRef} }
  evidence {
    quote modality statedOn
    attributedTo { id name }
    statement { id name date }
    source { id title publisher url published }
  }`;

// claimArgs declares the claim arguments every read of relations takes.
const claimArgs = '$types: [String!], $modalities: [Modality!], $asOf: Date, $knownAt: Date';
const claimPass = 'types: $types, modalities: $modalities, asOf: $asOf, knownAt: $knownAt';

export const Q = {
  vocabulary: `query ExplorerVocabulary { relationTypes { type meaning stances symmetric } modalities { name meaning default } }`,
  search: `query ExplorerSearch($text: String!) { search(text: $text, first: 10) { score node { ${entity} } } }`,
  neighbourhood: `query ExplorerNeighbourhood($id: ID!, $depth: Int, ${claimArgs}) {
    neighbourhood(id: $id, depth: $depth, limit: 100, ${claimPass}) {
      truncated nodes { ${entity} } edges { ${relation} } } }`,
  paths: `query ExplorerPaths($from: ID!, $to: ID!, ${claimArgs}) {
    shortestPaths(from: $from, to: $to, maxHops: 4, limit: 5, ${claimPass}) {
      complete searchedHops paths { length nodes { ${entity} } relations { ${relation} } } } }`,
  node: `query ExplorerNode($id: ID!) { node(id: $id) {
    ... on Actor { id name aliases actorKind: kind country wikidataId description }
    ... on Policy { id name aliases policyKind: kind adopted description }
    ... on Event { id name aliases eventKind: kind date endDate location description } } }`,
  timeline: `query ExplorerTimeline($id: ID!, $modalities: [Modality!], $asOf: Date, $knownAt: Date) {
    timeline(actor: $id, modalities: $modalities, asOf: $asOf, knownAt: $knownAt, first: 50) {
      totalCount edges { date node { __typename
        ... on Event { id name }
        ... on Relation { id type modality from { ${entityRef} } to { ${entityRef} } } } } } }`,
  resolve: `query ExplorerResolve($text: String!) { search(text: $text, kinds: [ACTOR], first: 1) { node { ${entity} } } }`,
  dyad: `query ExplorerDyad($a: ID!, $b: ID!, $from: Date, $to: Date) {
    dyad(a: $a, b: $b, from: $from, to: $to, granularity: MONTH) {
      periods { start events verbalCooperation materialCooperation verbalConflict materialConflict scoreMean } } }`,
};

// kindOf is an entity's kind: the actor kind, or POLICY or EVENT.
export function kindOf(n) {
  if (n.__typename === 'Policy') return 'POLICY';
  if (n.__typename === 'Event') return 'EVENT';
  return n.actorKind || 'ACTOR';
}

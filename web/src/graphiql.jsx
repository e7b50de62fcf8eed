// GraphiQL at `/`, served from the binary: no request leaves the server.
// The query and variables live in the URL (`?query=…&variables=…`), so a
// link reproduces what is on screen; the server redirects a bare `/` to the
// example query.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';

const params = new URLSearchParams(window.location.search);

function keepInURL(name) {
  return (value) => {
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    history.replaceState(null, '', '?' + next.toString());
  };
}

// fetcher posts one operation to the server's own /graphql.
async function fetcher(params) {
  const resp = await fetch('/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(params),
  });
  const text = await resp.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${resp.status}: ${text.slice(0, 200)}` }] };
  }
}

const explorerLink = (
  <a className="ag-explore-link" href="/explore">
    Open the graph explorer
  </a>
);

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    query={params.get('query') ?? undefined}
    variables={params.get('variables') ?? undefined}
    onEditQuery={keepInURL('query')}
    onEditVariables={keepInURL('variables')}
    shouldPersistHeaders={false}
  >
    <GraphiQL.Logo>actorgraph {explorerLink}</GraphiQL.Logo>
  </GraphiQL>,
);

// Runs the GraphQL-over-HTTP server audits of the graphql-http package
// (maintained with the GraphQL-over-HTTP spec) against a running server and
// prints one JSON array of results on stdout:
//   [{"id", "name", "status": "ok"|"notice"|"warn"|"error", "reason"?, "httpStatus"?, "body"?}]
// Usage: node audit.mjs http://127.0.0.1:8080/graphql
// It exits 0 when the audits ran, whatever their results (the caller
// judges them), and 2 when they could not run.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: node audit.mjs http://HOST:PORT/graphql');
  process.exit(2);
}

async function runOne(audit) {
  const result = await audit.fn();
  const out = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    out.reason = result.reason;
    if (result.response) {
      out.httpStatus = result.response.status;
      out.contentType = result.response.headers.get('content-type');
      // The audit may have read the body already; the reason says enough then.
      out.body = await result.response.text().catch(() => undefined);
    }
  }
  return out;
}

try {
  const results = [];
  for (const audit of serverAudits({ url })) {
    results.push(await runOne(audit)); // one at a time: the server logs stay readable
  }
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
} catch (err) {
  console.error(`the audits could not run: ${err && err.stack ? err.stack : err}`);
  process.exit(2);
}

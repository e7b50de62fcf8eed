// Builds the browser assets into internal/httpapi/ui, which the binary
// embeds: GraphiQL (with React) for `/`, the explorer (with Cytoscape) for
// `/explore`. Run through `make ui`, after `npm ci` from the lock file.
//
// The build is reproducible: the same lock file and sources give the same
// bytes. BUILD.json records a digest of the inputs and of each output, so
// that a Go test (internal/httpapi/ui_test.go) fails when the committed
// assets are stale or edited by hand, without Node.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const out = join(here, '..', 'internal', 'httpapi', 'ui');

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]);
}

// inputsDigest: the sha256 of "path sha256\n" lines, sorted by path, over
// the files that decide the output. ui_test.go computes the same.
export function inputsDigest() {
  const files = ['package.json', 'package-lock.json', 'build.mjs', ...filesUnder(join(here, 'src')).map((f) => relative(here, f))];
  const lines = files.map((f) => f.split('\\').join('/')).sort()
    .map((f) => `${f} ${sha256(readFileSync(join(here, f)))}\n`);
  return sha256(lines.join(''));
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { graphiql: join(here, 'src/graphiql.jsx'), explore: join(here, 'src/explore.js') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  jsx: 'automatic',
  legalComments: 'eof',
  charset: 'utf8',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
copyFileSync(join(here, 'src/graphiql.html'), join(out, 'graphiql.html'));
copyFileSync(join(here, 'src/explore.html'), join(out, 'explore.html'));
// explore.css is imported by nothing: bundle it on its own.
await build({ entryPoints: [join(here, 'src/explore.css')], outdir: out, bundle: true, minify: true, logLevel: 'warning' });

const outputs = {};
for (const f of readdirSync(out).sort()) outputs[f] = sha256(readFileSync(join(out, f)));
writeFileSync(join(out, 'BUILD.json'), JSON.stringify({ inputs: inputsDigest(), outputs }, null, 2) + '\n');
for (const [f] of Object.entries(outputs)) {
  const size = readFileSync(join(out, f)).length;
  console.log(`${f.padEnd(16)} ${(size / 1024).toFixed(1).padStart(8)} KiB`);
}

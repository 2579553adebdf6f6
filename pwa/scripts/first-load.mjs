// The PWA's first-load budget (SPEC §14): the JavaScript a phone must fetch before the first
// screen — the scripts and module preloads that dist/index.html names — is at most 60 KB
// gzipped. Run after `vite build`; prints the figure and fails past the budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 60 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [
  ...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
].map((m) => m[1]);
if (refs.length === 0) {
  console.error('first-load: no script found in dist/index.html');
  process.exit(1);
}
let total = 0;
for (const ref of new Set(refs)) {
  const gz = gzipSync(readFileSync(join(dist, ref.replace(/^\//, '')))).length;
  total += gz;
  console.log(`first-load: ${ref} ${(gz / 1024).toFixed(2)} KB gzip`);
}
console.log(`first-load: ${(total / 1024).toFixed(2)} KB gzip of ${BUDGET / 1024} KB`);
if (total > BUDGET) {
  console.error('first-load: over budget');
  process.exit(1);
}

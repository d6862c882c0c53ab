// Fails when the JavaScript a participant loads for the workshop view (the entry, what it imports,
// and the WorkshopLive chunk with what that imports) passes its gzipped budget. Run after `vite build`
// (npm run build does); `node scripts/clientBudget.mjs [distDir]`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Bytes, gzipped (level 9). Today's figure (114.4 kB) plus a little room; the goal is 90 kB (see docs/bench-notes/client.md). */
export const WORKSHOP_VIEW_BUDGET = 116_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'client'));
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g)].map((m) => m[1]);
const seen = new Set();
const queue = [...entries];
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file) || !existsSync(path.join(dist, file))) continue;
  seen.add(file);
  const code = readFileSync(path.join(dist, file), 'utf8');
  const dir = path.dirname(file);
  // Static imports, and the workshop view's lazy chunk (other routes' chunks are not loaded there).
  for (const m of code.matchAll(/(?:from|import)\s*["'`]\.\/([\w.-]+\.js)["'`]/g)) queue.push(path.join(dir, m[1]));
  for (const m of code.matchAll(/import\(\s*["'`]\.\/(WorkshopLive[\w.-]*\.js)["'`]\s*\)/g)) queue.push(path.join(dir, m[1]));
}
let total = 0;
const rows = [...seen].map((file) => {
  const gzipped = gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).byteLength;
  total += gzipped;
  return `${(gzipped / 1000).toFixed(1).padStart(7)} kB  ${file}`;
});
console.log(`${rows.join('\n')}\n${(total / 1000).toFixed(1).padStart(7)} kB  workshop view JavaScript, gzipped (budget ${WORKSHOP_VIEW_BUDGET / 1000} kB)`);
if (![...seen].some((f) => f.includes('WorkshopLive'))) {
  console.error('The WorkshopLive chunk was not found from the entry: the budget check cannot see the workshop view.');
  process.exit(1);
}
if (total > WORKSHOP_VIEW_BUDGET) {
  console.error(`Over budget by ${((total - WORKSHOP_VIEW_BUDGET) / 1000).toFixed(1)} kB.`);
  process.exit(1);
}

// Builds the client when dist/client is missing or older than any client or shared source.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'dist', 'client', 'index.html');
const sources = ['client', 'shared', 'vite.config.ts', 'svelte.config.js', 'package-lock.json', 'scripts/serviceWorkerBuild.ts'];

function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const sourceTime = Math.max(...sources.map((s) => path.join(root, s)).filter(existsSync).map(newestMtime));
if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sourceTime) {
  console.log('client build is up to date');
} else {
  console.log('building the client…');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}

// Builds the server into dist/server (plain JavaScript, dependencies bundled but for a few), so
// `npm start` runs node on it: no TypeScript loader at start (a restart is ready in a fraction of
// the time). Rebuilt when any server or shared source is newer than the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'server');
const built = path.join(outdir, 'main.js');
// This script too: a build made by an older version of it is rebuilt.
const sources = ['server', 'shared', 'package-lock.json', 'scripts/buildServer.mjs'];

function newestMtime(target) {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const sourceTime = Math.max(...sources.map((s) => path.join(root, s)).filter(existsSync).map(newestMtime));
if (!process.argv.includes('--force') && existsSync(built) && statSync(built).mtimeMs >= sourceTime) {
  console.log('server build is up to date');
} else {
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: {
      main: path.join(root, 'server', 'main.ts'), exportWorker: path.join(root, 'server', 'export', 'exportWorker.ts'),
      compactWorker: path.join(root, 'server', 'storage', 'compactWorker.ts'),
    },
    outdir,
    bundle: true,
    // Dependencies are bundled too: node resolving, reading and compiling some two thousand files of
    // node_modules one by one was most of a start's CPU (a restart with 1,000 people waiting). Left
    // in node_modules: what finds its own files at run time (a native addon, pino's worker files)
    // and the Word library (only the export worker loads it).
    external: ['classic-level', 'pino', 'docx'],
    // What only some requests need (Redis, CSV imports, export rendering) is imported at first use:
    // each such import() becomes its own chunk, read only when used. Chunks sit beside main.js (no
    // subfolder), so code that finds files from its own import.meta.url (the export worker, the
    // project root in config.ts) finds them whichever chunk it lands in.
    splitting: true,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as __ibCreateRequire } from 'node:module'; const require = __ibCreateRequire(import.meta.url);" },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  console.log('server built into dist/server');
}

import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Browser tests run against the built client, rebuilt when its sources changed. */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'ensureClientBuild.mjs')], { cwd: root, stdio: 'inherit' });
}

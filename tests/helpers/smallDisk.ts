import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the filesystem refuses (ENOSPC); returns the bytes written. */
  fill(): number;
  /** Removes the filler: space comes back. */
  free(): void;
  dispose(): void;
}

/**
 * A tmpfs of `sizeMb` (read-only if asked) mounted on a fresh folder (needs root, or CAP_SYS_ADMIN). Resolves to null
 * after a loud warning where mounting is not permitted, unless REQUIRE_FAULTS=1, when it throws.
 */
export function mountSmallDisk(sizeMb: number, options: { readOnly?: boolean } = {}): SmallDisk | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ib-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const why = `mounting a ${sizeMb} MB tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`;
    if (process.env.REQUIRE_FAULTS === '1') throw new Error(`${why}, and REQUIRE_FAULTS=1 forbids skipping the tests that need it`);
    console.warn(['', '#'.repeat(100), `#  ${why}:`, '#  the tests that need it are SKIPPED (run as root, or set REQUIRE_FAULTS=1 to fail instead).', '#'.repeat(100), ''].join('\n'));
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024, 1);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free() {
      rmSync(filler, { force: true });
    },
    dispose() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

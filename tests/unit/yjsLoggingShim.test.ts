import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as shim from '../../client/lib/yjsLogging.ts';

// The browser build replaces lib0/logging with client/lib/yjsLogging.ts (vite.config.ts): every
// `logging.*` Yjs uses must exist there, or a Yjs upgrade would fail only at run time in the browser.
const yjsDist = path.join(path.dirname(createRequire(import.meta.url).resolve('yjs')), 'yjs.mjs');
const usedByYjs = [...new Set([...readFileSync(yjsDist, 'utf8').matchAll(/\blogging\.(\w+)/g)].map((m) => m[1] ?? ''))].sort();

describe('the browser build\'s stand-in for lib0/logging', () => {
  it('offers everything Yjs uses of lib0/logging', () => {
    expect(usedByYjs.length).toBeGreaterThan(0);
    const missing = usedByYjs.filter((name) => !(name in shim));
    expect(missing).toEqual([]);
  });

  it('prints the message without lib0\'s colour markers', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    shim.warn(shim.RED, shim.BOLD, '[yjs] ', shim.UNBOLD, 'Not same Y.Doc');
    expect(warn).toHaveBeenCalledWith('[yjs] ', 'Not same Y.Doc');
    warn.mockRestore();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CompactWorker } from '../../server/storage/compactOffThread.ts';
import { compactUpdates, mergeMany } from '../../server/storage/compactUpdates.ts';
import { dropDeleted, mergeBatch } from '../../server/storage/foldUpdates.ts';

/** A log as a board makes it: one update per note, some notes deleted later. */
function noteLog(notes: number): Uint8Array[] {
  const doc = new Y.Doc();
  const log: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => log.push(update));
  const map = doc.getMap<string>('notes');
  for (let i = 0; i < notes; i++) map.set(`n${i}`, `note ${i} ${'x'.repeat(i % 40)}`);
  for (let i = 0; i < notes; i += 3) map.delete(`n${i}`);
  return log;
}

function readNotes(update: Uint8Array): Record<string, string> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getMap<string>('notes').toJSON() as Record<string, string>;
}

describe('the compaction worker thread', () => {
  const worker = new CompactWorker();
  afterAll(() => worker.close());

  it('merges a batch to exactly the bytes the main thread would', async () => {
    const log = noteLog(300);
    // Parts that are views into one larger buffer, as stores hand them out.
    const pooled = Buffer.concat(log.map((u) => Buffer.from(u)));
    let offset = 0;
    const views = log.map((u) => {
      const view = pooled.subarray(offset, offset + u.byteLength);
      offset += u.byteLength;
      return view;
    });
    const off = await worker.run('merge', views);
    expect(Buffer.from(off).equals(Buffer.from(mergeBatch(log)))).toBe(true);
  });

  it('drops deleted content as the main thread would', async () => {
    const merged = mergeMany(noteLog(120))!;
    const off = await worker.run('dropDeleted', [merged]);
    expect(Buffer.from(off).equals(Buffer.from(dropDeleted(merged)))).toBe(true);
    expect(off.byteLength).toBeLessThan(merged.byteLength);
  });

  it('refuses an update that is not one (the caller then folds on its own thread)', async () => {
    await expect(worker.run('merge', [new Uint8Array([255, 255, 255]), new Uint8Array([1, 2])])).rejects.toThrow();
  });

  it('a whole compaction through the worker keeps every note and drops the deleted ones', async () => {
    const log = noteLog(700);
    const folded = await compactUpdates(log);
    const expected: Record<string, string> = {};
    for (let i = 0; i < 700; i++) if (i % 3 !== 0) expected[`n${i}`] = `note ${i} ${'x'.repeat(i % 40)}`;
    expect(readNotes(folded)).toEqual(expected);
  });
});

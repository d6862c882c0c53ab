import { describe, expect, it } from 'vitest';
import { editDraftKey, newNoteDraftKey, NoteDrafts } from '../../client/lib/noteDrafts.svelte.ts';
import { readStored, writeStored } from '../../client/lib/storage.ts';

describe('drafts kept per workshop and person', () => {
  const cell = newNoteDraftKey('board00000000001', 'transparency', 'gaps');

  it('keeps each keystroke, gives it back to a new page (a reload), and forgets it when emptied', () => {
    const drafts = new NoteDrafts('w-keep', 'p1');
    drafts.set(cell, 'Appeal routes', 'pink');
    drafts.set(editDraftKey('note00000000001'), 'Changed text', 'yellow');
    const reloaded = new NoteDrafts('w-keep', 'p1');
    expect(reloaded.get(cell)).toMatchObject({ text: 'Appeal routes', colour: 'pink' });
    expect(reloaded.has(editDraftKey('note00000000001'))).toBe(true);
    // Another person on the same device, or another workshop, sees none of it.
    expect(new NoteDrafts('w-keep', 'p2').size).toBe(0);
    expect(new NoteDrafts('w-other', 'p1').size).toBe(0);
    reloaded.set(cell, '   ', 'pink');
    reloaded.remove(editDraftKey('note00000000001'));
    expect(new NoteDrafts('w-keep', 'p1').size).toBe(0);
    expect(readStored('ib.drafts.v1.w-keep.p1')).toBeNull();
  });

  it('gives a refused note back after the text already in the cell, once', () => {
    const drafts = new NoteDrafts('w-restore', 'p1');
    drafts.restore(cell, 'Written offline', 'blue');
    expect(drafts.get(cell)).toMatchObject({ text: 'Written offline', colour: 'blue' });
    drafts.set(cell, 'Typed since', 'green');
    drafts.restore(cell, 'Written offline', 'blue');
    expect(drafts.get(cell)).toMatchObject({ text: 'Typed since\n\nWritten offline', colour: 'green' });
    drafts.restore(cell, 'Typed since\n\nWritten offline', 'blue');
    expect(drafts.get(cell)?.text).toBe('Typed since\n\nWritten offline');
  });

  it('drops what it cannot read and drafts older than two weeks, without failing', () => {
    writeStored('ib.drafts.v1.w-bad.p1', '{not json');
    expect(new NoteDrafts('w-bad', 'p1').size).toBe(0);
    const old = Date.now() - 15 * 24 * 60 * 60 * 1000;
    writeStored(
      'ib.drafts.v1.w-old.p1',
      JSON.stringify({ [cell]: { text: 'stale', colour: 'yellow', updatedAt: old }, x: { text: 'fresh', colour: 'nope', updatedAt: Date.now() } }),
    );
    expect(new NoteDrafts('w-old', 'p1').size).toBe(0);
  });
});

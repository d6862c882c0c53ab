import { randomInt } from 'node:crypto';
import type * as Y from 'yjs';
import { writeNote } from '../../shared/board/boardDocument.ts';
import type { Note } from '../../shared/board/types.ts';
import type { PrivateNote } from '../../shared/protocol/workshopTypes.ts';
import type { CommandContext } from './CommandContext.ts';

/** Fisher-Yates with a CSPRNG: the order notes enter the document must not group them by author. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * Takes every hidden note of the workshop for reveal. Returns a writer that puts them into the
 * document (to run inside the same transaction as the phase change) and a cleanup for afterwards.
 */
export async function takePrivateNotes(ctx: CommandContext): Promise<{
  write: (doc: Y.Doc) => void;
  after: () => Promise<void>;
  count: number;
}> {
  const { privateNotes } = ctx.services.stores;
  const hidden = await privateNotes.listAll(ctx.workshop.id);
  const notes: Note[] = shuffled(hidden).map(({ ownerId: _owner, ...note }: PrivateNote) => note);
  return {
    count: notes.length,
    write: (doc) => {
      for (const note of notes) writeNote(doc, note);
    },
    after: async () => {
      for (const note of hidden) await privateNotes.delete(ctx.workshop.id, note.id);
      for (const owner of new Set(hidden.map((n) => n.ownerId))) await ctx.notify.privateNotesChanged(owner);
      await ctx.notify.writingCountsChanged();
    },
  };
}

import { setTimeout as pause } from 'node:timers/promises';
import type * as Y from 'yjs';
import { readNotes } from '../../shared/board/boardDocument.ts';
import type { Client } from './clients.ts';

/** A refused command is retried after this pause, as a person (or the client's retry) would. */
const RETRY_PAUSE_MS = 100;

export interface NoteWriters {
  /** Ids of every acknowledged note, in order. */
  acknowledged: string[];
  /** Refusals by error code (a refused note is retried). */
  refused: Record<string, number>;
  /** Sends that got no answer, and refusals other than STORE_UNAVAILABLE and RATE_LIMITED. */
  unexpected: string[];
  /** Resolves once `count` more notes have been acknowledged, counted from this call. */
  moreAcks(count: number): Promise<void>;
  /** Lets every writer finish its note in flight, then stops them. */
  stop(): Promise<void>;
}

/** Each client adds notes one after another (retrying refusals) until stopped. */
export function startNoteWriters(clients: Client[], boardId: string): NoteWriters {
  const acknowledged: string[] = [];
  const refused: Record<string, number> = {};
  const unexpected: string[] = [];
  const waiters: Array<{ until: number; resolve: () => void }> = [];
  let stopped = false;
  const write = async (client: Client, index: number) => {
    for (let n = 0; !stopped; n++) {
      let result;
      try {
        result = await client.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: `w${index} n${n}` });
      } catch (err) {
        unexpected.push(`writer ${index}: ${(err as Error).message}`);
        return;
      }
      if (result.ok) {
        acknowledged.push(result.noteId);
        for (const w of [...waiters]) if (acknowledged.length >= w.until) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
        continue;
      }
      refused[result.error] = (refused[result.error] ?? 0) + 1;
      if (result.error !== 'STORE_UNAVAILABLE' && result.error !== 'RATE_LIMITED') unexpected.push(`writer ${index}: ${result.error}`);
      await pause(RETRY_PAUSE_MS);
    }
  };
  const running = Promise.all(clients.map((client, i) => write(client, i)));
  return {
    acknowledged,
    refused,
    unexpected,
    moreAcks: (count) => new Promise((resolve) => waiters.push({ until: acknowledged.length + count, resolve })),
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/** Acknowledged note ids that `doc` does not hold. */
export function missingNotes(doc: Y.Doc, acknowledged: string[]): string[] {
  const ids = new Set(readNotes(doc).map((n) => n.id));
  return acknowledged.filter((id) => !ids.has(id));
}

/** Client ids and clocks of structs `doc` holds but cannot integrate (their dependencies are missing). */
export function pendingOf(doc: Y.Doc): Array<[number, number]> {
  return doc.store.pendingStructs ? [...doc.store.pendingStructs.missing] : [];
}

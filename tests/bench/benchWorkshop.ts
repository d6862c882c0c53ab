import * as Y from 'yjs';
import { readBoards, roots } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { createWorkshop, joinAs, openSession, type Member, type Person, type TestWorkshop } from '../helpers/workshops.ts';

export interface BenchWorkshop {
  workshop: TestWorkshop;
  facilitator: Member;
  boardId: string;
  /** Adds a note as the facilitator (no note limit applies) and resolves on its ack. */
  addNote(text: string): Promise<void>;
  close(): void;
}

/** A workshop on `server` with a connected facilitator, ready to add notes. */
export async function benchWorkshop(server: { url: string }, title = 'Benchmark workshop'): Promise<BenchWorkshop> {
  const workshop = await createWorkshop(server, { title });
  const facilitator = await joinAs(server, workshop, 'facilitator', 'Bench');
  const replica = await openReplica(server, workshop.id, facilitator.person.token);
  const boardId = readBoards(replica.doc)[0]!.id;
  replica.destroy();
  return {
    workshop,
    facilitator,
    boardId,
    async addNote(text) {
      const result = await facilitator.send('note.add', { boardId, row: 'transparency', column: 'gaps', text });
      if (!result.ok) throw new Error(`note.add failed: ${result.error}`);
    },
    close: () => facilitator.close(),
  };
}

/** Sessions for `count` participants (one person each), opened on the given servers in turn. */
export async function participants(servers: Array<{ url: string }>, workshop: TestWorkshop, count: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, j) =>
      openSession(servers[(i + j) % servers.length]!, workshop, 'participant', `Reader ${i + j}`),
    );
    people.push(...(await Promise.all(batch)));
  }
  return people;
}

/** Calls `onNote(text)` each time a note appears in the replica's document. */
export function watchNotes(doc: Y.Doc, onNote: (text: string) => void): void {
  const notes = roots.notes(doc);
  notes.observe((event) => {
    for (const [key, change] of event.changes.keys) {
      if (change.action !== 'add') continue;
      const text = (notes.get(key) as { text?: unknown } | undefined)?.text;
      if (typeof text === 'string') onNote(text);
    }
  });
}

/** Opens replicas `inFlight` at a time (each waits for its first sync). */
export async function openReplicas(
  targets: Array<{ server: { url: string }; token: string }>,
  workshopId: string,
  inFlight = 25,
): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 0; i < targets.length; i += inFlight) {
    const batch = targets.slice(i, i + inFlight).map(({ server, token }) => openReplica(server, workshopId, token));
    replicas.push(...(await Promise.all(batch)));
  }
  return replicas;
}

import { waitForPresence } from '../helpers/presence.ts';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBoards, readNotes } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

/** Client ids of every struct in a set of updates (who wrote each Yjs item). */
function writerIds(updates: Uint8Array[]): Set<number> {
  const ids = new Set<number>();
  for (const u of updates) for (const struct of Y.decodeUpdate(u).structs) ids.add(struct.id.client);
  return ids;
}

describe('on an anonymous workshop nothing a participant receives links a note to its author', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitator: Member;
  let people: Member[];
  let observerReplica: Replica;
  let observerMember: Member;
  let boardId: string;

  const identities = [
    { name: 'Gabriela Internal-Affairs', admin: 'Asuntos Internos' },
    { name: 'Hector Operations', admin: 'Operaciones Guayaquil' },
    { name: 'Ines Next-Generation', admin: 'Next Generation Network' },
  ];

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server, { anonymous: true, title: 'Honest gaps' });
    facilitator = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
    people = [];
    for (const id of identities) people.push(await joinAs(server, workshop, 'participant', id.name, id.admin));
    observerMember = people[2]!;
    observerReplica = await openReplica(server, workshop.id, observerMember.person.token);
    boardId = readBoards(observerReplica.doc)[0]!.id;
  });
  afterEach(async () => {
    for (const m of [facilitator, ...people]) m.close();
    observerReplica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('updates, presence and events carry no other participant name, id or administration, and every item is the server’s', async () => {
    const noteIds: string[] = [];
    for (const [i, p] of people.entries()) {
      for (let k = 0; k < 2; k++) {
        const r = await p.send('note.add', { boardId, row: 'morale_culture', column: 'gaps', text: `gap ${i}.${k}` });
        if (!r.ok) throw new Error(r.error);
        noteIds.push(r.noteId);
      }
    }
    // Open writing, private writing and reveal, edits and votes: every path that writes a note.
    await facilitator.send('phase.set', { phase: 'write', privateWriting: true });
    for (const p of people) await p.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: `hidden by ${p.person.participantId.slice(0, 4)}x` });
    await facilitator.send('phase.set', { phase: 'reveal' });
    await people[0]!.send('note.edit', { noteId: noteIds[0]!, text: 'gap 0.0 edited' });
    await facilitator.send('voting.configure', { votesPerParticipant: 5, maxPerNote: 3, showLive: true });
    await facilitator.send('phase.set', { phase: 'vote' });
    await people[1]!.send('vote.cast', { noteId: noteIds[0]! });
    await observerReplica.waitFor((doc) => readNotes(doc).length === 9);

    const notes = readNotes(observerReplica.doc);
    for (const note of notes) {
      expect(note.authorName).toBeNull();
      expect(note.authorAdministration).toBeNull();
      expect(note.createdAt % 60_000).toBe(0);
      expect(note.updatedAt % 60_000).toBe(0);
    }
    expect(new Set(notes.map((n) => n.id)).size).toBe(9);

    // All items written by the server's own Yjs client: one writer, however many authors.
    const writers = writerIds(observerReplica.updates);
    const serverClient = (await server.services.registry.peek(workshop.id))!.doc.clientID;
    expect(writers.has(serverClient)).toBe(true);
    expect([...writers].filter((id) => id !== serverClient).length).toBeLessThanOrEqual(1); // the creation snapshot

    // Nothing received names or identifies another participant.
    const others = people.filter((p) => p !== observerMember);
    const received = [
      ...observerMember.received.map(([event, payload]) => `${event} ${JSON.stringify(payload)}`),
      ...observerReplica.updates.map((u) => JSON.stringify(Y.decodeUpdate(u)) + Buffer.from(u).toString('latin1')),
    ].join('\n');
    for (const other of others) {
      expect(received).not.toContain(other.person.participantId);
      expect(received).not.toContain(other.person.displayName);
      expect(received).not.toContain(identities[people.indexOf(other)]!.admin);
    }
    const presence = await waitForPresence(observerMember, (p) => p.byRole.participant === 3);
    expect(presence.byRole.participant).toBe(3);
    expect(presence.people.every((p) => p.role !== 'participant')).toBe(true);
    const counts = observerMember.received.filter(([e]) => e === 'writing.counts').map(([, c]) => c);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((c) => (c as { perPerson: unknown }).perPerson === null)).toBe(true);
  });

  it('authors still edit and delete their own notes, and only theirs', async () => {
    const mine = await people[0]!.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'mine' });
    const noteId = (mine as { noteId: string }).noteId;
    expect(await people[1]!.send('note.edit', { noteId, text: 'not yours' })).toEqual({ ok: false, error: 'NOT_AUTHOR' });
    expect(await people[0]!.send('note.edit', { noteId, text: 'still mine' })).toEqual({ ok: true });
    expect(await people[0]!.send('note.delete', { noteId })).toEqual({ ok: true });
  });
});

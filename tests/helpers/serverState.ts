import * as Y from 'yjs';
import { readBoards } from '../../shared/board/boardDocument.ts';
import type { TestServer } from './testServer.ts';

/**
 * Everything a command could change, read from the server's stores: the stored document's state
 * vector and delete set, hidden notes, votes. Equal fingerprints mean nothing changed.
 */
export async function storeFingerprint(server: TestServer, workshopId: string): Promise<string> {
  const { stores } = server.services;
  const state = await stores.documents.load(workshopId);
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const votes: Record<string, unknown> = {};
  for (const board of readBoards(doc)) votes[board.id] = await stores.votes.totals(workshopId, board.id);
  const hidden = (await stores.privateNotes.listAll(workshopId)).map((n) => `${n.id}:${n.text}:${n.row}:${n.column}`).sort();
  const fingerprint = JSON.stringify({
    sv: Buffer.from(Y.encodeStateVector(doc)).toString('base64'),
    ds: Buffer.from(Y.encodeStateAsUpdate(doc)).length,
    json: doc.toJSON(),
    hidden,
    votes,
  });
  doc.destroy();
  return fingerprint;
}

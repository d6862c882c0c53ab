import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const MESSAGE_SYNC = 0;
/** Distinct state vectors whose answers one document keeps until its next change. */
const MAX_ANSWERS_PER_DOC = 8;
/** State vectors longer than this are answered without being kept (a key that size is not worth it). */
const MAX_KEYED_STATE_VECTOR_BYTES = 4096;
const FULL_STATE_KEY = '';

interface DocAnswers {
  readonly answers: Map<string, Uint8Array>;
}

const byDoc = new WeakMap<Y.Doc, DocAnswers>();

/**
 * The sync step 2 message that answers a client's sync step 1, encoded at most once per document
 * state and state vector: a client repeating its request (or many clients opening the same board)
 * gets the same bytes, not a fresh encoding of the whole document each time. Throws on a state
 * vector that cannot be decoded.
 */
export function syncStep2Answer(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const key = answerKey(doc, stateVector);
  let cached = byDoc.get(doc);
  const known = key === null ? undefined : cached?.answers.get(key);
  if (known) return known;

  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, key === FULL_STATE_KEY ? undefined : stateVector));
  const answer = encoding.toUint8Array(encoder);
  if (key === null) return answer;

  if (!cached) {
    const fresh: DocAnswers = { answers: new Map() };
    doc.on('update', () => fresh.answers.clear());
    byDoc.set(doc, fresh);
    cached = fresh;
  }
  if (cached.answers.size >= MAX_ANSWERS_PER_DOC) cached.answers.delete(cached.answers.keys().next().value!);
  cached.answers.set(key, answer);
  return answer;
}

/**
 * '' when the state vector knows none of the document's writers (the answer is the whole
 * document), the vector's bytes otherwise, null when it is too long to keep.
 */
function answerKey(doc: Y.Doc, stateVector: Uint8Array): string | null {
  const clientClocks = Y.decodeStateVector(stateVector);
  let knowsAWriter = false;
  for (const [client, clock] of clientClocks) {
    if (clock > 0 && doc.store.clients.has(client)) knowsAWriter = true;
  }
  if (!knowsAWriter) return FULL_STATE_KEY;
  if (stateVector.byteLength > MAX_KEYED_STATE_VECTOR_BYTES) return null;
  return Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('latin1');
}

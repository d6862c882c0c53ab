import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { YJS_CLOSE, YJS_PATH } from '../../../shared/protocol/index.ts';
import type { FuzzContext } from '../fuzzServer.ts';
import type { FuzzTarget, Outcome } from '../harness.ts';
import { describe } from '../harness.ts';
import { hostileString, mutateBytes } from '../mutate.ts';
import type { Prng } from '../prng.ts';

const NAMED_CLOSES = new Set<string>(Object.values(YJS_CLOSE).map((c) => c.reason));
/** Close codes `ws` itself sends for a protocol violation (bad opcode, bad UTF-8, too big). */
const WS_PROTOCOL_CLOSES = new Set([1002, 1007, 1009]);
const SYNC_STEP_1_PROBE = new Uint8Array([0, 0, 1, 0]);

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function someUpdate(rng: Prng): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap(rng.pick(['notes', 'session', 'meta', 'x'])).set(hostileString(rng, 'key'), hostileString(rng, 'value'));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** A y-websocket frame, well formed or not: the five message kinds, then mutated or replaced by noise. */
function yjsFrame(rng: Prng): Uint8Array | string {
  const stateVector = Y.encodeStateVector(new Map([[rng.uint32(), rng.int(1000)]]));
  const templates = [
    () => message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, stateVector))),
    () => message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, someUpdate(rng)))),
    () => message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, someUpdate(rng)))),
    () => message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, rng.bytes(rng.length(64))))),
    () => new Uint8Array([3]),
    () => rng.bytes(rng.length(rng.chance(0.05) ? 100_000 : 64)),
  ];
  const frame = rng.pick(templates)();
  if (rng.chance(0.05)) return hostileString(rng, 'text frame');
  return rng.chance(0.6) ? mutateBytes(rng, frame) : frame;
}

function tokenFor(rng: Prng, context: FuzzContext): { token: string | null; workshopId: string } {
  const id = context.workshop.id;
  switch (rng.int(12)) {
    case 0:
      return { token: null, workshopId: id };
    case 1:
      return { token: 'A'.repeat(43), workshopId: id };
    case 2:
      return { token: context.tokens.participant, workshopId: context.otherWorkshopId };
    default:
      return { token: rng.chance(0.5) ? context.tokens.participant : context.tokens.observer, workshopId: id };
  }
}

/** Random and mutated Yjs frames over a real WebSocket, with a valid token and without; then a sync probe. */
export const yjsFrameTarget: FuzzTarget<FuzzContext> = {
  name: 'Yjs frames',
  async run(rng, context) {
    const { token, workshopId } = tokenFor(rng, context);
    const frames = Array.from({ length: 1 + rng.int(4) }, () => yjsFrame(rng));
    const input = `${token ? 'token' : 'no token'} ${workshopId === context.workshop.id ? '' : 'other workshop '}${frames.map((f) => describe(f, 80)).join(' ')}`;
    const outcome = await new Promise<Outcome>((resolve) => {
      const ws = new WebSocket(`${context.url.replace(/^http/, 'ws')}${YJS_PATH}/${workshopId}`, token ? ['ib.v1', `ib.token.${token}`] : ['ib.v1']);
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        ws.terminate();
        resolve(outcome);
      };
      AbortSignal.timeout(context.timeoutMs).addEventListener('abort', () => finish({ kind: 'hang', detail: 'no sync answer and no close' }));
      ws.on('unexpected-response', (_req, res) => finish(res.statusCode && res.statusCode < 500 ? { kind: 'refused', name: `HTTP ${res.statusCode}` } : { kind: 'crash', detail: `HTTP ${res.statusCode}` }));
      ws.on('error', () => finish({ kind: 'unnamed', detail: 'socket error before any close' }));
      ws.on('open', () => {
        for (const frame of frames) ws.send(frame);
        ws.send(SYNC_STEP_1_PROBE);
      });
      ws.on('message', (data: Buffer) => {
        // A sync step 2: the server answered the probe, so it is still serving this connection.
        if (data[0] === 0 && data[1] === 1) finish({ kind: 'accepted' });
      });
      ws.on('close', (code, reason) => {
        const name = reason.toString();
        if (NAMED_CLOSES.has(name)) finish({ kind: 'refused', name });
        else if (WS_PROTOCOL_CLOSES.has(code)) finish({ kind: 'refused', name: `ws ${code}` });
        else finish({ kind: 'unnamed', detail: `closed ${code} ${name}` });
      });
    });
    return { input, outcome };
  },
};

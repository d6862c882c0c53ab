import { WebSocket } from 'ws';
import { ERROR_CODES, PROTOCOL_VERSION } from '../../../shared/protocol/index.ts';
import { COMMAND_NAMES, commandPayloadPool } from './commandPayloads.ts';
import type { FuzzContext } from '../fuzzServer.ts';
import type { FuzzTarget, Outcome } from '../harness.ts';
import { hostileString, hostileValue, mutateBytes } from '../mutate.ts';
import type { Prng } from '../prng.ts';

const NAMED = new Set<string>(ERROR_CODES);
const PROBE_ID = 999_999;

function validConnect(context: FuzzContext, token = context.tokens.participant): string {
  return `40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, token, language: 'en' })}`;
}

function connectPacket(rng: Prng, context: FuzzContext): string {
  const valid = validConnect(context, rng.chance(0.5) ? context.tokens.participant : context.tokens.facilitator);
  switch (rng.int(10)) {
    case 0:
      return Buffer.from(mutateBytes(rng, Buffer.from(valid))).toString('latin1');
    case 1:
      return `40${JSON.stringify(hostileValue(rng, { keys: ['protocolVersion', 'token', 'language'], values: [PROTOCOL_VERSION, context.tokens.observer, 'ar', 'xx'] }))}`;
    case 2:
      return `40/${hostileString(rng, 'admin')},${valid.slice(2)}`;
    default:
      return valid;
  }
}

/** A Socket.IO packet as text (engine.io message `4` + socket.io type), well formed or not. */
function packet(rng: Prng, context: FuzzContext, id: number): string | Uint8Array {
  const pool = commandPayloadPool(context);
  const event = rng.chance(0.8) ? rng.pick(COMMAND_NAMES) : hostileString(rng, 'note.add');
  const args = JSON.stringify([event, hostileValue(rng, pool)]);
  const templates = [
    () => `42${id}${args}`,
    () => `42${args}`,
    () => `451-${id}${JSON.stringify([event, { _placeholder: true, num: rng.int(3) }])}`,
    () => `43${rng.int(100)}${JSON.stringify([hostileValue(rng, pool)])}`,
    () => rng.pick(['2', '3', '5', '6', '4', '40', '44', '46', '4x', '']),
    () => `4${rng.int(10)}${hostileString(rng, args)}`,
    () => rng.bytes(rng.length(64)),
  ];
  const chosen = rng.pick(templates)();
  if (typeof chosen === 'string' && rng.chance(0.3)) return Buffer.from(mutateBytes(rng, Buffer.from(chosen))).toString('utf8');
  return chosen;
}

/** Raw engine.io and Socket.IO frames over a WebSocket: a connect packet, hostile packets, then a clock probe. */
export const socketIoPacketTarget: FuzzTarget<FuzzContext> = {
  name: 'Socket.IO packets',
  async run(rng, context) {
    const connect = connectPacket(rng, context);
    const packets = Array.from({ length: 1 + rng.int(3) }, (_, i) => packet(rng, context, 100 + i));
    const shown = [connect, ...packets].map((p) => (typeof p === 'string' ? JSON.stringify(p.slice(0, 120)) : `hex:${Buffer.from(p.subarray(0, 40)).toString('hex')}`));
    const input = shown.join(' ');
    // Packets that end the namespace or the transport on purpose leave nothing to probe.
    const endsItself = packets.some((p) => typeof p === 'string' && /^(1|41)/.test(p));
    const outcome = await new Promise<Outcome>((resolve) => {
      const ws = new WebSocket(`${context.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
      let settled = false;
      let refusal: string | null = null;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        ws.terminate();
        resolve(outcome);
      };
      AbortSignal.timeout(context.timeoutMs).addEventListener('abort', () =>
        finish(endsItself ? { kind: 'refused', name: 'ENDED_BY_CLIENT' } : { kind: 'hang', detail: 'no answer to the probe and no close' }),
      );
      ws.on('error', () => finish({ kind: 'unnamed', detail: 'socket error' }));
      ws.on('close', () => finish({ kind: 'refused', name: refusal ?? 'TRANSPORT_CLOSED' }));
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        const text = data.toString();
        if (text.startsWith('0')) {
          ws.send(connect);
          // Not a connect packet after all: the server ignores or refuses it; a real connect follows, so there is an answer to wait for.
          if (!connect.startsWith('40')) ws.send(validConnect(context));
          return;
        }
        if (text === '2') return void ws.send('3');
        if (text.startsWith('40')) {
          for (const p of packets) ws.send(p);
          ws.send(`42${PROBE_ID}["clock.sync",{}]`);
          return;
        }
        if (text.startsWith('44')) {
          const message = /"message":"([^"]*)"/.exec(text)?.[1] ?? '';
          return finish(NAMED.has(message) || message === 'Invalid namespace' ? { kind: 'refused', name: message } : { kind: 'unnamed', detail: text.slice(0, 200) });
        }
        if (text.startsWith(`43${PROBE_ID}`)) return finish(refusal ? { kind: 'refused', name: refusal } : { kind: 'accepted' });
        const ackError = /^43\d+\[\{"ok":false,"error":"([A-Z_]+)"/.exec(text)?.[1];
        if (ackError) refusal = ackError;
        if (text.startsWith('41')) finish({ kind: 'refused', name: refusal ?? 'DISCONNECTED' });
      });
    });
    return { input, outcome };
  },
};

import type { FuzzContext } from '../fuzzServer.ts';
import type { FuzzTarget, Outcome } from '../harness.ts';
import { describe } from '../harness.ts';
import { hostileString, mutateBytes } from '../mutate.ts';
import type { Prng } from '../prng.ts';
import { closeFrameOf, rawExchange, statusOf } from '../rawExchange.ts';

function upgradeTargetPath(rng: Prng, context: FuzzContext): string {
  const id = context.workshop.id;
  switch (rng.int(8)) {
    case 0:
      return `/yjs/${id}`;
    case 1:
      return `/yjs/${hostileString(rng, id)}`;
    case 2:
      return `/socket.io/?EIO=4&transport=websocket`;
    case 3:
      return `/socket.io/?EIO=${hostileString(rng, '4')}&transport=${hostileString(rng, 'websocket')}`;
    case 4:
      return rng.pick(['http://[', '*', '/', '//', '/yjs', '/yjs/', 'http://localhost/yjs/' + id, '/yjs/%C0%AF', '/yjs/%']);
    case 5:
      return `/yjs/${id}?${hostileString(rng)}`;
    case 6:
      return hostileString(rng, `/yjs/${id}`);
    default:
      return `/${hostileString(rng)}`;
  }
}

function upgradeRequest(rng: Prng, context: FuzzContext): { request: Uint8Array; incomplete: boolean } {
  const token = rng.pick([context.tokens.participant, context.tokens.observer, 'x'.repeat(40), '', hostileString(rng, context.tokens.observer)]);
  const headers: Array<[string, string]> = [
    ['Host', rng.chance(0.9) ? '127.0.0.1' : hostileString(rng, 'localhost')],
    ['Connection', rng.chance(0.9) ? 'Upgrade' : hostileString(rng, 'Upgrade')],
    ['Upgrade', rng.chance(0.9) ? 'websocket' : hostileString(rng, 'websocket')],
    ['Sec-WebSocket-Version', rng.chance(0.9) ? '13' : hostileString(rng, '13')],
    ['Sec-WebSocket-Key', rng.chance(0.9) ? 'dGhlIHNhbXBsZSBub25jZQ==' : hostileString(rng, 'dGhlIHNhbXBsZSBub25jZQ==')],
    ['Sec-WebSocket-Protocol', rng.chance(0.8) ? `ib.v1, ib.token.${token}` : hostileString(rng, `ib.v1, ib.token.${token}`)],
  ];
  if (rng.chance(0.2)) headers.push(['Sec-WebSocket-Extensions', hostileString(rng, 'permessage-deflate; client_max_window_bits')]);
  if (rng.chance(0.2)) headers.push([hostileString(rng, 'X-Header'), hostileString(rng)]);
  if (rng.chance(0.1)) headers.push(['Sec-WebSocket-Protocol', hostileString(rng, 'ib.v1')]);
  const method = rng.chance(0.9) ? 'GET' : rng.pick(['POST', 'CONNECT', 'OPTIONS', 'G\0T', hostileString(rng, 'GET')]);
  const head = `${method} ${upgradeTargetPath(rng, context)} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  let request: Uint8Array = Buffer.from(head, 'latin1');
  // A mutated head may declare a body or break its own end: the client then ends its side, as a real one would.
  const mutated = rng.chance(0.15);
  if (mutated) request = Buffer.concat([mutateBytes(rng, request, 16 * 1024), Buffer.from('\r\n\r\n')]);
  // Sometimes WebSocket frames (or garbage) right behind the handshake.
  if (rng.chance(0.3)) request = Buffer.concat([request, rng.bytes(rng.length(256))]);
  return { request, incomplete: mutated };
}

/** Malformed upgrade targets and headers over raw TCP: answered with an HTTP status, or upgraded and then closed by name. */
export const upgradeTarget: FuzzTarget<FuzzContext> = {
  name: 'upgrade (raw TCP)',
  async run(rng, context) {
    const { request, incomplete } = upgradeRequest(rng, context);
    const answer = await rawExchange(context.port, request, context.timeoutMs, incomplete);
    const input = describe(Buffer.from(request).toString('latin1'));
    if (answer.timedOut) return { input, outcome: { kind: 'hang', detail: 'no answer or close' } };
    // A client that ends its side first gets no answer to a request still in progress: Node's documented behaviour.
    if (incomplete && answer.bytes.length === 0) return { input, outcome: { kind: 'refused', name: 'CLIENT_ENDED_FIRST' } };
    return { input, outcome: upgradeOutcome(answer.bytes) };
  },
};

function upgradeOutcome(bytes: Buffer): Outcome {
  const status = statusOf(bytes);
  if (status === null) return bytes.length === 0 ? { kind: 'unnamed', detail: 'closed without an answer' } : { kind: 'unnamed', detail: 'not HTTP' };
  if (status >= 500 && status !== 503) return { kind: 'crash', detail: `HTTP ${status}` };
  if (status !== 101) return { kind: 'refused', name: `HTTP ${status}` };
  // engine.io refuses an unsupported EIO version after the WebSocket handshake, as an HTTP answer on the upgraded socket.
  const after = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
  const late = statusOf(after);
  if (late !== null) return late >= 500 ? { kind: 'crash', detail: `HTTP ${late} after 101` } : { kind: 'refused', name: `HTTP ${late} after 101 (engine.io)` };
  const close = closeFrameOf(bytes);
  // Upgraded, then the client half-closed: the server may close without a frame, or say why.
  if (!close) return { kind: 'accepted' };
  return { kind: 'refused', name: `ws ${close.code}${close.reason ? ` ${close.reason}` : ''}` };
}

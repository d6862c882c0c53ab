import type { FuzzContext } from '../fuzzServer.ts';
import { connectedClient } from '../fuzzServer.ts';
import type { FuzzTarget, Outcome } from '../harness.ts';
import { hostileString, hostileValue } from '../mutate.ts';
import { COMMAND_NAMES, commandPayloadPool } from './commandPayloads.ts';

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/** Mutated command payloads through a real socket.io-client, as each role: every ack names its refusal. */
export const socketIoCommandTarget: FuzzTarget<FuzzContext> = {
  name: 'Socket.IO commands',
  async run(rng, context) {
    const role = rng.pick(['facilitator', 'participant', 'observer'] as const);
    const known = rng.chance(0.9);
    let event = known ? rng.pick(COMMAND_NAMES) : hostileString(rng, 'note.add');
    if (RESERVED.has(event)) event = 'note.add';
    const payload = hostileValue(rng, commandPayloadPool(context));
    const input = `${role} ${JSON.stringify(event)} ${JSON.stringify(payload)?.slice(0, 300)}`;
    const client = await connectedClient(context, role);
    const untyped = client.socket as unknown as {
      timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
      emit(event: string, ...args: unknown[]): void;
    };
    if (!known) untyped.emit(event, payload);
    let outcome: Outcome;
    try {
      // An unknown event gets no ack by design: the clock probe behind it shows the connection still serves.
      const ack = await untyped.timeout(context.timeoutMs).emitWithAck(known ? event : 'clock.sync', known ? payload : {});
      const result = ack as { ok?: unknown; error?: unknown } | null;
      if (result?.ok === true) outcome = { kind: 'accepted' };
      else if (typeof result?.error === 'string' && /^[A-Z_]+$/.test(result.error)) outcome = { kind: 'refused', name: result.error };
      else outcome = { kind: 'unnamed', detail: `ack ${JSON.stringify(ack)?.slice(0, 200)}` };
    } catch (err) {
      outcome = client.socket.connected ? { kind: 'hang', detail: `no ack: ${String(err)}` } : { kind: 'refused', name: 'DISCONNECTED' };
    }
    return { input, outcome };
  },
};

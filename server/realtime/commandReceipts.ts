import type { CommandResult } from '../../shared/protocol/index.ts';
import { RECEIPT_KEEP_MS, RECEIPT_LEASE_MS, type CommandReceiptStore, type ReceiptScope } from '../storage/CommandReceiptStore.ts';

/** How often a retry polls while the same command runs elsewhere, and for how long at most. */
const RUNNING_POLL_MS = 25;
const RUNNING_WAIT_MS = 5_000;

/**
 * Runs a command at most once per (workshop, participant, command id): the first run's success is
 * remembered and given back to every retry; a refusal is not remembered (the id is given back, so
 * the same command may be sent again once allowed). A retry that meets the command still running
 * (on another node, or another connection) waits for its result; past RUNNING_WAIT_MS it answers
 * TIMEOUT, which the client treats as "send again later with the same id".
 */
export async function onceByCommandId<R extends object>(
  receipts: CommandReceiptStore,
  scope: ReceiptScope,
  run: () => Promise<CommandResult<R>>,
): Promise<CommandResult<R>> {
  const deadline = Date.now() + RUNNING_WAIT_MS;
  for (;;) {
    const claim = await receipts.claim(scope, RECEIPT_LEASE_MS);
    if (claim.state === 'done') return JSON.parse(claim.resultJson) as CommandResult<R>;
    if (claim.state === 'claimed') {
      let result: CommandResult<R>;
      try {
        result = await run();
      } catch (err) {
        await receipts.release(scope, claim.token).catch(() => undefined);
        throw err;
      }
      if (result.ok) await receipts.complete(scope, claim.token, JSON.stringify(result), RECEIPT_KEEP_MS);
      else await receipts.release(scope, claim.token);
      return result;
    }
    if (Date.now() >= deadline) return { ok: false, error: 'TIMEOUT' };
    await new Promise((resolve) => setTimeout(resolve, RUNNING_POLL_MS));
  }
}

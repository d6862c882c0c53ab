/**
 * Receipts of idempotent commands: (workshop, participant, command id) → the first answer. A client
 * that did not hear an ack sends the same command again with the same id; the server answers it
 * with the remembered result and changes nothing. Shared by every node (Redis) so a retry that
 * lands on another node is recognised too.
 *
 * A command is first *claimed* (a short lease, so a node that dies mid-command does not block the
 * id for long), then *completed* with its result (kept `keepMs`, e.g. 24 h), or *released* when it
 * was refused (a refusal is not remembered: the same command may succeed later, e.g. once the board
 * is unlocked). Claiming is atomic across nodes: of two concurrent claims exactly one wins.
 */
export interface CommandReceiptStore {
  claim(scope: ReceiptScope, leaseMs: number): Promise<ReceiptClaim>;
  /** Records the result of a command this caller claimed (also when its lease ran out meanwhile). */
  complete(scope: ReceiptScope, token: string, resultJson: string, keepMs: number): Promise<void>;
  /** Gives the id back when the command was refused or failed; only the claim's holder can. */
  release(scope: ReceiptScope, token: string): Promise<void>;
  /** Forgets every receipt of a workshop (the workshop is being deleted). */
  deleteWorkshop(workshopId: string): Promise<void>;
}

export interface ReceiptScope {
  workshopId: string;
  participantId: string;
  commandId: string;
}

export type ReceiptClaim =
  /** This caller runs the command; `token` completes or releases the claim. */
  | { state: 'claimed'; token: string }
  /** Another caller (another node, another tab) is running it now. */
  | { state: 'running' }
  /** It ran before: its result as JSON. */
  | { state: 'done'; resultJson: string };

/** How long a claimed command may run before another caller may claim the id again. */
export const RECEIPT_LEASE_MS = 30_000;
/** How long a command's result is remembered: a client offline longer than this is not deduplicated. */
export const RECEIPT_KEEP_MS = 24 * 60 * 60 * 1000;

import type { MessageKey } from '../../../shared/i18n/translate.ts';
import type { ErrorCode } from '../../../shared/protocol/errors.ts';
import { errorKey, type Params } from '../../lib/i18n.svelte.ts';

export interface StatusMessage {
  kind: 'ok' | 'error';
  key: MessageKey;
  params: Params;
}

type Result = { ok: true } | { ok: false; error: ErrorCode };

const OK_MESSAGE_MS = 8000;

/**
 * Runs one control group's commands one at a time and keeps the latest result as a message key,
 * for the group's live region (so it follows a language switch).
 */
export class CommandRunner {
  #pending = $state(false);
  #message = $state.raw<StatusMessage | null>(null);
  #clear: ReturnType<typeof setTimeout> | undefined;

  get pending(): boolean {
    return this.#pending;
  }

  get message(): StatusMessage | null {
    return this.#message;
  }

  /**
   * The successful result, or null when refused (the refusal is shown) or another command is
   * running. `okKey` is the message announced on success (null: none).
   */
  async run<R extends Result>(command: () => Promise<R>, okKey: MessageKey | null, params: Params = {}): Promise<Extract<R, { ok: true }> | null> {
    if (this.#pending) return null;
    this.#pending = true;
    this.#show(null);
    try {
      const result = await command();
      if (!result.ok) {
        this.#show({ kind: 'error', key: errorKey(result.error), params: {} });
        return null;
      }
      this.#show(okKey ? { kind: 'ok', key: okKey, params } : null);
      return result as Extract<R, { ok: true }>;
    } finally {
      this.#pending = false;
    }
  }

  /** A success whose message needs the result (shown after `run` with no message). */
  succeed(key: MessageKey, params: Params = {}): void {
    this.#show({ kind: 'ok', key, params });
  }

  /** A refusal found before sending (invalid input). */
  fail(key: MessageKey, params: Params = {}): void {
    this.#show({ kind: 'error', key, params });
  }

  #show(message: StatusMessage | null): void {
    clearTimeout(this.#clear);
    this.#message = message;
    if (message?.kind === 'ok') this.#clear = setTimeout(() => (this.#message = null), OK_MESSAGE_MS);
  }
}

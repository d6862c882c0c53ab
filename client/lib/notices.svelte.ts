import type { MessageKey } from '../../shared/i18n/translate.ts';
import type { Params } from './i18n.svelte.ts';

/** A message for the person, kept as a key so it follows a language switch. */
export interface Notice {
  id: number;
  key: MessageKey;
  params: Params;
}

const NOTICE_LIFETIME_MS = 10_000;
const MAX_NOTICES = 4;

export class Notices {
  items = $state.raw<Notice[]>([]);
  #nextId = 1;

  push(key: MessageKey, params: Params = {}): void {
    // The same message twice in a row is shown once.
    const latest = this.items[this.items.length - 1];
    if (latest?.key === key) this.dismiss(latest.id);
    const notice: Notice = { id: this.#nextId++, key, params };
    this.items = [...this.items, notice].slice(-MAX_NOTICES);
    setTimeout(() => this.dismiss(notice.id), NOTICE_LIFETIME_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}

export const notices = new Notices();

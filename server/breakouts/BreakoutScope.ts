import { readBreakoutGroup, runningRound } from '../../shared/breakouts/breakoutDocument.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import type { CommandName, ErrorCode } from '../../shared/protocol/index.ts';
import type { Principal } from '../auth/Principal.ts';
import type { DocumentRegistry, LoadedDocument } from '../documents/DocumentRegistry.ts';
import { currentGroupOf, isLeadOf, roleInGroup } from './groupAccess.ts';

export type CommandTarget =
  | { ok: true; doc: LoadedDocument; role: Role; groupId: string | null }
  | { ok: false; error: ErrorCode };

/**
 * Which document one connection's board commands reach, and with which role. Participants: their own
 * group's while a round runs (they cannot choose: the plenary is read-only for them meanwhile), the
 * plenary otherwise. Others: the group they entered (a facilitator joining to help), else the plenary.
 * Holds one reference on the group document it last resolved to; `release` gives it back.
 */
export class BreakoutScope {
  readonly #registry: DocumentRegistry;
  readonly #principal: Principal;
  readonly #plenary: LoadedDocument;
  /** The group a facilitator, rapporteur or observer entered (ignored for participants). */
  entered: string | null = null;
  #held: LoadedDocument | null = null;

  constructor(registry: DocumentRegistry, principal: Principal, plenary: LoadedDocument) {
    this.#registry = registry;
    this.#principal = principal;
    this.#plenary = plenary;
  }

  /** The group id this connection works in now, or null for the plenary (no loading). */
  groupNow(): { groupId: string; docId: string; lead: boolean } | { error: ErrorCode } | null {
    const plenary = this.#plenary.doc;
    if (this.#principal.role === 'participant') {
      if (!runningRound(plenary)) return null;
      const group = currentGroupOf(plenary, this.#principal);
      return group ? { groupId: group.id, docId: group.docId, lead: isLeadOf(this.#principal, group) } : { error: 'NOT_IN_BREAKOUT' };
    }
    if (!this.entered) return null;
    const group = readBreakoutGroup(plenary, this.entered);
    return group ? { groupId: group.id, docId: group.docId, lead: false } : { error: 'BREAKOUT_GROUP_NOT_FOUND' };
  }

  async target(command: CommandName | null): Promise<CommandTarget> {
    const now = this.groupNow();
    if (now === null) {
      await this.#hold(null);
      return { ok: true, doc: this.#plenary, role: this.#principal.role, groupId: null };
    }
    if ('error' in now) return { ok: false, error: now.error };
    const doc = await this.#hold(now.docId);
    if (!doc) return { ok: false, error: 'BREAKOUT_GROUP_NOT_FOUND' };
    const role = command ? roleInGroup(command, this.#principal.role, now.lead) : this.#principal.role;
    return { ok: true, doc, role, groupId: now.groupId };
  }

  async #hold(docId: string | null): Promise<LoadedDocument | null> {
    if (this.#held && this.#held.id === docId && !this.#held.doc.isDestroyed) return this.#held;
    const previous = this.#held;
    this.#held = docId ? await this.#registry.acquire(docId) : null;
    if (previous) this.#registry.release(previous);
    return this.#held;
  }

  release(): void {
    if (this.#held) this.#registry.release(this.#held);
    this.#held = null;
  }
}

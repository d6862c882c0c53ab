import type { PresenceUpdate } from '../../shared/protocol/index.ts';
import type { Principal } from './identity.ts';

/** Who is on each board, per connection; one person with two tabs counts once. */
export class PresenceRegistry {
  readonly #boards = new Map<string, Map<string, Principal>>();

  join(boardId: string, connectionId: string, principal: Principal): void {
    let board = this.#boards.get(boardId);
    if (!board) {
      board = new Map();
      this.#boards.set(boardId, board);
    }
    board.set(connectionId, principal);
  }

  leave(boardId: string, connectionId: string): void {
    const board = this.#boards.get(boardId);
    if (!board) return;
    board.delete(connectionId);
    if (board.size === 0) this.#boards.delete(boardId);
  }

  snapshot(boardId: string): PresenceUpdate {
    const people = new Map<string, Principal>();
    for (const principal of this.#boards.get(boardId)?.values() ?? []) people.set(principal.participantId, principal);
    const list = [...people.values()]
      .map((p) => ({ displayName: p.displayName, administration: p.administration }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { boardId, count: list.length, people: list };
  }
}

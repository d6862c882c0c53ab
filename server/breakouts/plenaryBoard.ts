import type * as Y from 'yjs';
import { readBoard, readBoards, readSession } from '../../shared/board/boardDocument.ts';
import type { BoardInfo } from '../../shared/board/types.ts';
import { FACTOR_KEYS } from '../../shared/factors.ts';

const hasFactorRows = (b: BoardInfo) => b.template !== 'action_plan' && b.columns.length > 0 && b.rows.some((r) => (FACTOR_KEYS as readonly string[]).includes(r.key));

/** The plenary board groups work on: the current board when it holds notes by factor, else the first such board. */
export function plenaryFactorBoard(doc: Y.Doc): BoardInfo | null {
  const currentId = readSession(doc).currentBoardId;
  const current = currentId ? readBoard(doc, currentId) : null;
  if (current && hasFactorRows(current)) return current;
  return readBoards(doc).find(hasFactorRows) ?? null;
}

/** The factor keys a board holds, in its row order. */
export function boardFactors(board: BoardInfo): string[] {
  return board.rows.map((r) => r.key).filter((k) => (FACTOR_KEYS as readonly string[]).includes(k));
}

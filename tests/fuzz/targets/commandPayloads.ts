import { COMMANDS } from '../../../server/commands/commandTable.ts';
import type { FuzzContext } from '../fuzzServer.ts';

export const COMMAND_NAMES = [...Object.keys(COMMANDS), 'workshop.join', 'clock.sync'] as const;

/** Field names and values commands understand, so hostile payloads often look almost right. */
export function commandPayloadPool(context: FuzzContext): { keys: readonly string[]; values: readonly unknown[] } {
  return {
    keys: [
      'boardId', 'noteId', 'noteIds', 'targetId', 'groupId', 'actionId', 'row', 'column', 'text', 'name', 'colour', 'phase',
      'privateWriting', 'votesPerParticipant', 'maxPerNote', 'showLive', 'notesPerParticipant', 'durationMs', 'lockAtZero',
      'locked', 'done', 'ownerUnit', 'dueDate', 'indicator', 'status', 'title', 'template', 'rows', 'columns', 'key', 'label',
      'commandId', 'shared',
    ],
    values: [
      context.boardId, ...context.noteIds, 'automation', 'strengths', 'gaps', 'transparency', 'yellow', 'write', 'vote', 'closed',
      'Electronic declarations', 60_000, 3, 0, -1, true, false, null, '2026-12-31', 'open', 'custom', [], {},
      // Command ids: valid, one short, one long, one with a character outside the URL-safe set.
      'fuzzCommandId_0123456789', 'short', 'x'.repeat(65), 'fuzz command id 0123456789',
    ],
  };
}

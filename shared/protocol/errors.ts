/**
 * Every failure the other side reacts to has a name. Expected failures travel as values in acks
 * and REST answers; the client shows them through the i18n catalogue (`error.<CODE>`).
 */
export const ERROR_CODES = [
  'PROTOCOL_MISMATCH',
  'UNAUTHENTICATED',
  'LINK_REVOKED',
  'WORKSHOP_DELETED',
  'CONFIRMATION_MISMATCH',
  'INVALID_PAYLOAD',
  'INVALID_COMMAND_ID',
  'TEXT_EMPTY',
  'TEXT_TOO_LONG',
  'WORKSHOP_NOT_FOUND',
  'BOARD_NOT_FOUND',
  'NOTE_NOT_FOUND',
  'GROUP_NOT_FOUND',
  'ACTION_NOT_FOUND',
  'LINK_NOT_FOUND',
  'INVALID_CELL',
  'NOT_AUTHOR',
  'NOTE_IN_STACK',
  'NOT_A_STACK',
  'FORBIDDEN_ROLE',
  'PHASE_FORBIDS',
  'BOARD_LOCKED',
  'FROZEN',
  'CIPS_INVALID',
  'CIPS_ALREADY_IMPORTED',
  'IMPORT_INVALID',
  'NOTE_LIMIT_REACHED',
  'VOTE_BUDGET_EXCEEDED',
  'VOTE_NOTE_MAX_REACHED',
  'NO_VOTE_TO_RETRACT',
  'TIMER_NOT_RUNNING',
  'TIMER_NOT_PAUSED',
  'WRONG_JOIN_CODE',
  'TOO_MANY_ATTEMPTS',
  'RATE_LIMITED',
  'TOO_MANY_CONNECTIONS',
  'TOO_MANY_SESSIONS',
  'SESSION_EXPIRED',
  'SESSION_ENDED',
  'SESSION_NOT_FOUND',
  'DEVICE_LINK_EXPIRED',
  'DEVICE_LINK_USED',
  'STORE_UNAVAILABLE',
  'BREAKOUT_NOT_RUNNING',
  'BREAKOUT_RUNNING',
  'BREAKOUT_GROUP_NOT_FOUND',
  'BREAKOUT_INVALID_SPLIT',
  'NOT_IN_BREAKOUT',
  'TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** WebSocket close codes the Yjs endpoint uses (4000-4999 is the application range). */
export const YJS_CLOSE = {
  /** The client sent a document update: clients are read-only peers. */
  CLIENT_WRITE_FORBIDDEN: { code: 4003, reason: 'CLIENT_WRITE_FORBIDDEN' },
  /** The workshop does not exist. */
  BOARD_NOT_FOUND: { code: 4004, reason: 'BOARD_NOT_FOUND' },
  /** The client's replica holds content the server lacks: drop it and sync afresh. */
  REPLICA_RESET: { code: 4009, reason: 'REPLICA_RESET' },
  /** A frame that could not be decoded, or too large. */
  BAD_MESSAGE: { code: 4000, reason: 'BAD_MESSAGE' },
  /** The facilitator deleted the workshop: everything stored for it is gone. */
  WORKSHOP_DELETED: { code: 4410, reason: 'WORKSHOP_DELETED' },
  /** Token missing, unknown or revoked. */
  UNAUTHENTICATED: { code: 4001, reason: 'UNAUTHENTICATED' },
  /** This session or address holds too many open connections. */
  TOO_MANY_CONNECTIONS: { code: 4030, reason: 'TOO_MANY_CONNECTIONS' },
  /** The server is shutting down. */
  GOING_AWAY: { code: 1001, reason: 'GOING_AWAY' },
  /** The client left more than the per-connection bound of answers unread: it may reconnect and sync afresh. */
  SLOW_READER: { code: 4008, reason: 'SLOW_READER' },
  /** The client sent more frames per second than a connection may. */
  RATE_LIMITED: { code: 4029, reason: 'RATE_LIMITED' },
  /** This person may not read that breakout group's board (never theirs, or moved out of it). */
  BREAKOUT_FORBIDDEN: { code: 4403, reason: 'BREAKOUT_FORBIDDEN' },
} as const;

import { type CommandParser, type RedisArgument, defineScript } from 'redis';
import type { CastVoteOutcome } from '../FacilitationStore.ts';

/**
 * Every read-then-write that must hold across nodes runs as one Lua script: Redis runs a script
 * to completion before any other command, so budgets, limits and the compaction lock hold however
 * many nodes call at once. Vote fields inside one board hash (`\0` separates the parts):
 *   n\0<participantId>\0<noteId> → that participant's votes on the note
 *   s\0<participantId>           → that participant's votes on the board (the budget spent)
 *   t\0<noteId>                  → the note's total
 */
const VOTE_HELPERS = String.raw`
local key = KEYS[1]
local function add(field, delta)
  if delta ~= 0 and redis.call('HINCRBY', key, field, delta) <= 0 then redis.call('HDEL', key, field) end
end
local function count(field) return tonumber(redis.call('HGET', key, field) or '0') end
local function isVoteOn(field, suffix)
  return string.sub(field, 1, 2) == 'n\0' and #field > 2 + #suffix and string.sub(field, -#suffix) == suffix
end
`;

export const scripts = {
  /** ARGV: participantId, noteId, budget, maxPerNote → 'ok' or the refusal. */
  castVote: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local p, n = ARGV[1], ARGV[2]
if count('s\0' .. p) >= tonumber(ARGV[3]) then return 'VOTE_BUDGET_EXCEEDED' end
if count('n\0' .. p .. '\0' .. n) >= tonumber(ARGV[4]) then return 'VOTE_NOTE_MAX_REACHED' end
add('n\0' .. p .. '\0' .. n, 1)
add('s\0' .. p, 1)
add('t\0' .. n, 1)
return 'ok'`,
    parseCommand(parser: CommandParser, board: RedisArgument, participantId: string, noteId: string, budget: number, maxPerNote: number) {
      parser.pushKey(board);
      parser.push(participantId, noteId, String(budget), String(maxPerNote));
    },
    transformReply: (reply: unknown) => String(reply) as CastVoteOutcome,
  }),

  /** ARGV: participantId, noteId → 1 when a vote was removed, else 0. */
  retractVote: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local p, n = ARGV[1], ARGV[2]
if count('n\0' .. p .. '\0' .. n) <= 0 then return 0 end
add('n\0' .. p .. '\0' .. n, -1)
add('s\0' .. p, -1)
add('t\0' .. n, -1)
return 1`,
    parseCommand(parser: CommandParser, board: RedisArgument, participantId: string, noteId: string) {
      parser.pushKey(board);
      parser.push(participantId, noteId);
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** ARGV: fromNoteId, toNoteId, maxPerNote. Votes past the maximum go back to their owner's budget. */
  moveVotes: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local from, to, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
local suffix = '\0' .. from
local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  local field = all[i]
  if isVoteOn(field, suffix) then
    local p = string.sub(field, 3, #field - #suffix)
    local moved = tonumber(all[i + 1])
    local onTarget = count('n\0' .. p .. '\0' .. to)
    local kept = math.min(max, onTarget + moved)
    redis.call('HDEL', key, field)
    add('n\0' .. p .. '\0' .. to, kept - onTarget)
    add('s\0' .. p, kept - onTarget - moved)
    add('t\0' .. to, kept - onTarget)
  end
end
redis.call('HDEL', key, 't\0' .. from)
return 1`,
    parseCommand(parser: CommandParser, board: RedisArgument, fromNoteId: string, toNoteId: string, maxPerNote: number) {
      parser.pushKey(board);
      parser.push(fromNoteId, toNoteId, String(maxPerNote));
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** ARGV: noteId. Every vote on it is dropped and given back to its owner's budget. */
  dropNoteVotes: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local suffix = '\0' .. ARGV[1]
local all = redis.call('HGETALL', key)
for i = 1, #all, 2 do
  local field = all[i]
  if isVoteOn(field, suffix) then
    redis.call('HDEL', key, field)
    add('s\0' .. string.sub(field, 3, #field - #suffix), -tonumber(all[i + 1]))
  end
end
redis.call('HDEL', key, 't\0' .. ARGV[1])
return 1`,
    parseCommand(parser: CommandParser, board: RedisArgument, noteId: string) {
      parser.pushKey(board);
      parser.push(noteId);
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** ARGV: limit, windowMs (0: none) → 1 when counted, 0 when the limit is reached. */
  quotaIncrement: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= tonumber(ARGV[1]) then return 0 end
local now = redis.call('INCR', KEYS[1])
local window = tonumber(ARGV[2])
if window > 0 and (now == 1 or redis.call('PTTL', KEYS[1]) == -1) then redis.call('PEXPIRE', KEYS[1], window) end
return 1`,
    parseCommand(parser: CommandParser, counter: RedisArgument, limit: number, windowMs: number) {
      parser.pushKey(counter);
      parser.push(String(limit), String(windowMs));
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** Lowers a counter by one, never below zero (a counter at zero is deleted; its window goes with it). */
  quotaDecrement: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current <= 1 then redis.call('DEL', KEYS[1]) else redis.call('DECR', KEYS[1]) end
return 1`,
    parseCommand(parser: CommandParser, counter: RedisArgument) {
      parser.pushKey(counter);
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** Deletes KEYS[1] only while it still holds ARGV[1] (a lock token or a join code's owner). */
  deleteIfEquals: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
    parseCommand(parser: CommandParser, k: RedisArgument, expected: RedisArgument) {
      parser.pushKey(k);
      parser.push(expected);
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** Extends KEYS[1]'s expiry to ARGV[2] ms only while it still holds ARGV[1] (a running compaction's lock). */
  renewIfEquals: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
    parseCommand(parser: CommandParser, k: RedisArgument, expected: RedisArgument, ms: number) {
      parser.pushKey(k);
      parser.push(expected, String(ms));
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /**
   * KEYS: snapshot, log, sequence → [snapshot or nil, log entries, sequence or nil], read in one step
   * so a compaction cannot move entries between the two. (A script rather than MULTI: node-redis 6.3.1 decodes EXEC replies
   * without the client's type mapping, so binary values would come back as text.)
   */
  readDocument: defineScript({
    NUMBER_OF_KEYS: 3,
    SCRIPT: String.raw`return { redis.call('GET', KEYS[1]) or false, redis.call('LRANGE', KEYS[2], 0, -1), redis.call('GET', KEYS[3]) or false }`,
    parseCommand(parser: CommandParser, snapshot: RedisArgument, log: RedisArgument, sequence: RedisArgument) {
      parser.pushKeys([snapshot, log, sequence]);
    },
    /** Decoded by the caller (decodeDocumentReply): node-redis's reply typing would mangle a typed result. */
    transformReply: (reply: unknown): unknown => reply,
  }),

  /**
   * KEYS: lock, snapshot, log. ARGV: token, merged snapshot, number of log entries folded into it.
   * Writes the snapshot and drops exactly those entries only while this compaction still holds the
   * lock: one whose lock expired (or whose document was deleted) writes nothing.
   */
  commitCompaction: defineScript({
    NUMBER_OF_KEYS: 3,
    SCRIPT: String.raw`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[3], tonumber(ARGV[3]), -1)
redis.call('DEL', KEYS[1])
return 1`,
    parseCommand(parser: CommandParser, lock: RedisArgument, snapshot: RedisArgument, log: RedisArgument, token: string, merged: Buffer, folded: number) {
      parser.pushKeys([lock, snapshot, log]);
      parser.push(token, merged, String(folded));
    },
    transformReply: (reply: unknown) => Number(reply),
  }),
};

/** The reply of `readDocument`, checked: Buffers only when read through the binary view. */
export function decodeDocumentReply(reply: unknown): { snapshot: Uint8Array | null; entries: Uint8Array[]; sequence: number } {
  if (!Array.isArray(reply) || reply.length !== 3) throw new Error('unexpected reply to readDocument');
  const [snapshot, entries, sequence]: unknown[] = reply;
  const isBytes = (value: unknown): value is Buffer => Buffer.isBuffer(value);
  if (!(snapshot === null || isBytes(snapshot)) || !Array.isArray(entries) || !entries.every(isBytes)) {
    throw new Error('readDocument replied with text: use the binary view');
  }
  return {
    snapshot: snapshot ? new Uint8Array(snapshot) : null,
    entries: entries.map((entry) => new Uint8Array(entry)),
    sequence: isBytes(sequence) ? Number(sequence.toString('utf8')) : 0,
  };
}

import { type CommandParser, type RedisArgument, defineScript } from 'redis';
import type { CastVoteOutcome, VoteMove } from '../FacilitationStore.ts';

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

  /**
   * ARGV: fromNoteId, toNoteId, maxPerNote. Votes past the maximum go back to their owner's budget.
   * Replies participantId, votes landed on the target, votes refunded, for each voter (flat).
   */
  moveVotes: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local from, to, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
local suffix = '\0' .. from
local all = redis.call('HGETALL', key)
local reply = {}
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
    table.insert(reply, p)
    table.insert(reply, tostring(kept - onTarget))
    table.insert(reply, tostring(moved - (kept - onTarget)))
  end
end
redis.call('HDEL', key, 't\0' .. from)
return reply`,
    parseCommand(parser: CommandParser, board: RedisArgument, fromNoteId: string, toNoteId: string, maxPerNote: number) {
      parser.pushKey(board);
      parser.push(fromNoteId, toNoteId, String(maxPerNote));
    },
    transformReply: (reply: unknown) => decodeVoteMoves(reply),
  }),

  /**
   * ARGV: fromNoteId (the stack's top), toNoteId (the note leaving the stack), budget, maxPerNote,
   * then participantId, moved, refunded per voter. Undoes a merge's vote move as far as the rules
   * allow: moved votes come back from the top (at most what the voter still has there), refunded ones
   * are cast again only within the voter's budget. Replies what came back, like moveVotes.
   */
  restoreVotes: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local from, to, budget, max = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local reply = {}
for i = 5, #ARGV, 3 do
  local p, moved, refunded = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local onTo = count('n\0' .. p .. '\0' .. to)
  local take = math.max(0, math.min(moved, count('n\0' .. p .. '\0' .. from), max - onTo))
  add('n\0' .. p .. '\0' .. from, -take)
  add('t\0' .. from, -take)
  add('n\0' .. p .. '\0' .. to, take)
  add('t\0' .. to, take)
  local recast = math.max(0, math.min(refunded, budget - count('s\0' .. p), max - onTo - take))
  add('n\0' .. p .. '\0' .. to, recast)
  add('t\0' .. to, recast)
  add('s\0' .. p, recast)
  table.insert(reply, p)
  table.insert(reply, tostring(take))
  table.insert(reply, tostring(recast))
end
return reply`,
    parseCommand(
      parser: CommandParser,
      board: RedisArgument,
      fromNoteId: string,
      toNoteId: string,
      limits: { budget: number; maxPerNote: number },
      moves: readonly VoteMove[],
    ) {
      parser.pushKey(board);
      parser.push(fromNoteId, toNoteId, String(limits.budget), String(limits.maxPerNote));
      for (const move of moves) parser.push(move.participantId, String(move.moved), String(move.refunded));
    },
    transformReply: (reply: unknown) => decodeVoteMoves(reply),
  }),

  /**
   * ARGV: fromParticipantId, intoParticipantId, budget, maxPerNote → { moved, dropped }. Moves one
   * person's duplicate votes to the survivor, note by note in id order, within budget and maximum.
   */
  mergeVoter: defineScript({
    NUMBER_OF_KEYS: 1,
    SCRIPT: String.raw`${VOTE_HELPERS}
local from, into, budget, max = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local prefix = 'n\0' .. from .. '\0'
local all = redis.call('HGETALL', key)
local notes = {}
for i = 1, #all, 2 do
  if string.sub(all[i], 1, #prefix) == prefix then table.insert(notes, { string.sub(all[i], #prefix + 1), tonumber(all[i + 1]) }) end
end
table.sort(notes, function(a, b) return a[1] < b[1] end)
local spent = count('s\0' .. into)
local moved, dropped = 0, 0
for _, entry in ipairs(notes) do
  local n, c = entry[1], entry[2]
  local onNote = count('n\0' .. into .. '\0' .. n)
  local fits = math.max(0, math.min(c, max - onNote, budget - spent))
  redis.call('HDEL', key, prefix .. n)
  add('n\0' .. into .. '\0' .. n, fits)
  add('t\0' .. n, fits - c)
  spent = spent + fits
  moved = moved + fits
  dropped = dropped + c - fits
end
redis.call('HDEL', key, 's\0' .. from)
add('s\0' .. into, moved)
return { moved, dropped }`,
    parseCommand(parser: CommandParser, board: RedisArgument, from: string, into: string, budget: number, maxPerNote: number) {
      parser.pushKey(board);
      parser.push(from, into, String(budget), String(maxPerNote));
    },
    transformReply: (reply: unknown) => {
      const [moved, dropped] = Array.isArray(reply) ? reply.map(Number) : [0, 0];
      return { moved: moved ?? 0, dropped: dropped ?? 0 };
    },
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

  /** KEYS: counters. ARGV: windowMs, then one limit per key → 0 when all counted, else the (1-based) key at its limit. */
  quotaIncrementAll: defineScript({
    SCRIPT: String.raw`
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i + 1]) then return i end
end
for i = 1, #KEYS do
  local now = redis.call('INCR', KEYS[i])
  if now == 1 or redis.call('PTTL', KEYS[i]) == -1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
end
return 0`,
    parseCommand(parser: CommandParser, counters: RedisArgument[], limits: number[], windowMs: number) {
      parser.push(String(counters.length));
      parser.pushKeys(counters);
      parser.push(String(windowMs), ...limits.map(String));
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /**
   * KEYS: sorted sets of leases (member → expiry, Redis server time). ARGV: member, ttlMs, then one
   * limit per key. Drops expired leases, then adds the member everywhere unless a set is full.
   */
  leaseAcquire: defineScript({
    SCRIPT: String.raw`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if not redis.call('ZSCORE', KEYS[i], ARGV[1]) and redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[i + 2]) then return i end
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 0`,
    parseCommand(parser: CommandParser, sets: RedisArgument[], limits: number[], member: string, ttlMs: number) {
      parser.push(String(sets.length));
      parser.pushKeys(sets);
      parser.push(member, String(ttlMs), ...limits.map(String));
    },
    transformReply: (reply: unknown) => Number(reply),
  }),

  /** KEYS: lease sets. ARGV: member, ttlMs. Renews the member's lease (taking it again if it was lost). */
  leaseRenew: defineScript({
    SCRIPT: String.raw`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 1`,
    parseCommand(parser: CommandParser, sets: RedisArgument[], member: string, ttlMs: number) {
      parser.push(String(sets.length));
      parser.pushKeys(sets);
      parser.push(member, String(ttlMs));
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

/** A flat reply of participantId, moved, refunded triples. */
function decodeVoteMoves(reply: unknown): VoteMove[] {
  if (!Array.isArray(reply)) throw new Error('unexpected reply to a vote move');
  const moves: VoteMove[] = [];
  for (let i = 0; i + 2 < reply.length; i += 3) {
    moves.push({ participantId: String(reply[i]), moved: Number(reply[i + 1]), refunded: Number(reply[i + 2]) });
  }
  return moves;
}

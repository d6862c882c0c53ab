import type * as Y from 'yjs';
import { FACTOR_KEYS, type FactorKey } from '../factors.ts';
import { SPLIT_RULES, type BreakoutGroup, type BreakoutProvenance, type BreakoutRound } from './types.ts';

/**
 * Breakout state in the plenary document (the server writes it, everyone reads it):
 * `breakoutRound` (the round in progress or last run), `breakoutGroups` (every group of every round,
 * by id) and `breakoutMembers` (`<round>:<presenceKey>` → group id). Each group's board lives in a
 * document of its own, so nobody downloads another group's notes.
 */
export const breakoutRoots = {
  round: (doc: Y.Doc) => doc.getMap<unknown>('breakoutRound'),
  groups: (doc: Y.Doc) => doc.getMap<unknown>('breakoutGroups'),
  members: (doc: Y.Doc) => doc.getMap<unknown>('breakoutMembers'),
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';
const isFactor = (v: unknown): v is FactorKey => str(v) && (FACTOR_KEYS as readonly string[]).includes(v);

export function readRound(doc: Y.Doc): BreakoutRound | null {
  const m = breakoutRoots.round(doc);
  const round = m.get('round');
  const status = m.get('status');
  const rule = m.get('rule');
  if (!num(round) || (status !== 'running' && status !== 'ended')) return null;
  return {
    round,
    status,
    rule: str(rule) && (SPLIT_RULES as readonly string[]).includes(rule) ? (rule as BreakoutRound['rule']) : 'random',
    startedAt: num(m.get('startedAt')) ? (m.get('startedAt') as number) : 0,
    returnAt: num(m.get('returnAt')) ? (m.get('returnAt') as number) : null,
    endedAt: num(m.get('endedAt')) ? (m.get('endedAt') as number) : null,
    rolledUp: num(m.get('rolledUp')) ? (m.get('rolledUp') as number) : 0,
  };
}

/** Writes only the given fields, one key each. */
export function writeRound(doc: Y.Doc, patch: Partial<BreakoutRound>): void {
  const m = breakoutRoots.round(doc);
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) m.set(key, value);
}

/** The round in progress, or null when no breakout runs. */
export function runningRound(doc: Y.Doc): BreakoutRound | null {
  const round = readRound(doc);
  return round?.status === 'running' ? round : null;
}

export function parseGroup(v: unknown): BreakoutGroup | null {
  if (!isObj(v) || !str(v.id) || !num(v.round) || !num(v.index) || !str(v.name) || !str(v.docId) || !Array.isArray(v.factors)) return null;
  return {
    id: v.id,
    round: v.round,
    index: v.index,
    name: v.name,
    factors: v.factors.filter(isFactor),
    docId: v.docId,
    leadKey: str(v.leadKey) ? v.leadKey : null,
  };
}

/** Groups of one round (every round when omitted), by round then index. */
export function readBreakoutGroups(doc: Y.Doc, round?: number): BreakoutGroup[] {
  const list: BreakoutGroup[] = [];
  breakoutRoots.groups(doc).forEach((v) => {
    const g = parseGroup(v);
    if (g && (round === undefined || g.round === round)) list.push(g);
  });
  return list.sort((a, b) => a.round - b.round || a.index - b.index);
}

export function readBreakoutGroup(doc: Y.Doc, id: string): BreakoutGroup | null {
  return parseGroup(breakoutRoots.groups(doc).get(id));
}

export function writeBreakoutGroup(doc: Y.Doc, group: BreakoutGroup): void {
  breakoutRoots.groups(doc).set(group.id, { ...group, factors: [...group.factors] });
}

const memberKey = (round: number, personKey: string) => `${round}:${personKey}`;

/** The group a person (presence key) belongs to in a round, or null. */
export function groupOf(doc: Y.Doc, round: number, personKey: string): string | null {
  const v = breakoutRoots.members(doc).get(memberKey(round, personKey));
  return str(v) ? v : null;
}

export function setMember(doc: Y.Doc, round: number, personKey: string, groupId: string): void {
  breakoutRoots.members(doc).set(memberKey(round, personKey), groupId);
}

/** Presence keys per group id of one round. */
export function readMembers(doc: Y.Doc, round: number): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  const prefix = `${round}:`;
  breakoutRoots.members(doc).forEach((v, k) => {
    if (!k.startsWith(prefix) || !str(v)) return;
    const list = byGroup.get(v) ?? [];
    list.push(k.slice(prefix.length));
    byGroup.set(v, list);
  });
  for (const list of byGroup.values()) list.sort();
  return byGroup;
}

/** Every group a person has belonged to, any round (they may read those boards). */
export function groupsEverOf(doc: Y.Doc, personKey: string): Set<string> {
  const ids = new Set<string>();
  const suffix = `:${personKey}`;
  breakoutRoots.members(doc).forEach((v, k) => {
    if (k.endsWith(suffix) && str(v)) ids.add(v);
  });
  return ids;
}

export function parseProvenance(v: unknown): BreakoutProvenance | null {
  if (!isObj(v) || !num(v.round) || !str(v.groupId) || !str(v.groupName) || !str(v.noteId)) return null;
  return { round: v.round, groupId: v.groupId, groupName: v.groupName, noteId: v.noteId, votes: num(v.votes) ? v.votes : 0 };
}

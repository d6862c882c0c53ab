import { FACTOR_KEYS, type FactorKey } from '../factors.ts';
import type { FactorMode, SplitPerson, SplitRule } from './types.ts';

/** A small seeded generator (mulberry32): the same seed reshuffles the same way on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const unitOf = (p: SplitPerson) => p.administration.trim().toLocaleLowerCase();

/** People grouped by unit, units in a shuffled order, larger units first, people shuffled within. */
function byUnit(people: readonly SplitPerson[], random: () => number): SplitPerson[][] {
  const units = new Map<string, SplitPerson[]>();
  for (const p of shuffle(people, random)) {
    const list = units.get(unitOf(p)) ?? [];
    list.push(p);
    units.set(unitOf(p), list);
  }
  return shuffle([...units.values()], random).sort((a, b) => b.length - a.length);
}

/**
 * Splits people into `groupCount` groups whose sizes differ by at most one. Returns presence keys per group.
 * - random: shuffled, then dealt round the groups;
 * - mixUnits: units one after another, dealt round the groups, so each unit is spread as evenly as
 *   possible (its count per group differs by at most one);
 * - keepUnits: units one after another, cut into consecutive runs, so a unit is split only where a
 *   group is full.
 */
export function splitIntoGroups(people: readonly SplitPerson[], groupCount: number, rule: SplitRule, random: () => number): string[][] {
  const groups: string[][] = Array.from({ length: groupCount }, () => []);
  if (rule === 'keepUnits') {
    const ordered = byUnit(people, random).flat();
    const base = Math.floor(ordered.length / groupCount);
    const extra = ordered.length % groupCount;
    let at = 0;
    for (let g = 0; g < groupCount; g++) {
      const size = base + (g < extra ? 1 : 0);
      groups[g] = ordered.slice(at, at + size).map((p) => p.key);
      at += size;
    }
    return groups;
  }
  const ordered = rule === 'mixUnits' ? byUnit(people, random).flat() : shuffle(people, random);
  ordered.forEach((p, i) => groups[i % groupCount]!.push(p.key));
  return groups;
}

/**
 * Factors per group: all ten for everyone, or consecutive shares covering every factor at least once
 * (with more groups than factors, shares wrap round so each group still has at least one).
 */
export function assignFactors(groupCount: number, mode: FactorMode, factors: readonly FactorKey[] = FACTOR_KEYS): FactorKey[][] {
  if (mode === 'all') return Array.from({ length: groupCount }, () => [...factors]);
  if (groupCount >= factors.length) return Array.from({ length: groupCount }, (_, g) => [factors[g % factors.length]!]);
  const base = Math.floor(factors.length / groupCount);
  const extra = factors.length % groupCount;
  const shares: FactorKey[][] = [];
  let at = 0;
  for (let g = 0; g < groupCount; g++) {
    const size = base + (g < extra ? 1 : 0);
    shares.push(factors.slice(at, at + size));
    at += size;
  }
  return shares;
}

/** Factors no group covers (an empty list means every factor is worked at least once). */
export function uncoveredFactors(shares: readonly (readonly string[])[], factors: readonly string[] = FACTOR_KEYS): string[] {
  const covered = new Set(shares.flat());
  return factors.filter((f) => !covered.has(f));
}

/**
 * The group (index) a person joining late goes to, by the round's rule: always one of the smallest
 * groups; among those, mixUnits picks the one with fewest of the person's unit, keepUnits the one with
 * most of it; ties go to the lowest index.
 */
export function placeLateJoiner(
  groups: readonly (readonly SplitPerson[])[],
  person: SplitPerson,
  rule: SplitRule,
): number {
  const smallest = Math.min(...groups.map((g) => g.length));
  const unit = unitOf(person);
  let best = -1;
  let bestScore = 0;
  groups.forEach((members, index) => {
    if (members.length !== smallest) return;
    const same = members.filter((m) => unitOf(m) === unit).length;
    const score = rule === 'mixUnits' ? -same : rule === 'keepUnits' ? same : 0;
    if (best === -1 || score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/** The groups after moving `key` into group `to` (from wherever it was). */
export function movePerson(groups: readonly (readonly string[])[], key: string, to: number): string[][] {
  return groups.map((members, index) => {
    const rest = members.filter((k) => k !== key);
    return index === to ? [...rest, key] : rest;
  });
}

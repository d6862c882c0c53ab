import { describe, expect, it } from 'vitest';
import { assignFactors, movePerson, placeLateJoiner, seededRandom, splitIntoGroups, uncoveredFactors } from '../../shared/breakouts/assignGroups.ts';
import type { SplitPerson } from '../../shared/breakouts/types.ts';
import { FACTOR_KEYS } from '../../shared/factors.ts';

const UNITS = ['SENAE', 'DIAN', 'SUNAT', 'Aduana Chile', 'SAT'];

/** `n` people spread unevenly over units (the first units larger), as real rooms are. */
function people(n: number, units = UNITS): SplitPerson[] {
  return Array.from({ length: n }, (_, i) => ({ key: `person-${String(i).padStart(3, '0')}`, administration: units[Math.floor((i * i) / 7) % units.length]! }));
}

const sizes = (groups: string[][]) => groups.map((g) => g.length);
const spreadWithinOne = (values: number[]) => Math.max(...values) - Math.min(...values) <= 1;

describe('splitting people into groups', () => {
  it.each(['random', 'mixUnits', 'keepUnits'] as const)('%s: sizes differ by at most one, everyone placed once', (rule) => {
    for (const [n, g] of [[20, 2], [23, 4], [300, 30], [7, 3], [31, 30]] as const) {
      const room = people(n);
      const groups = splitIntoGroups(room, g, rule, seededRandom(n * g));
      expect(groups).toHaveLength(g);
      expect(spreadWithinOne(sizes(groups))).toBe(true);
      expect(groups.flat().sort()).toEqual(room.map((p) => p.key).sort());
    }
  });

  it('mixUnits spreads every unit as evenly as possible across groups', () => {
    const room = people(97);
    const groups = splitIntoGroups(room, 6, 'mixUnits', seededRandom(4));
    const unitOf = new Map(room.map((p) => [p.key, p.administration]));
    for (const unit of UNITS) {
      const perGroup = groups.map((g) => g.filter((k) => unitOf.get(k) === unit).length);
      expect(spreadWithinOne(perGroup), `${unit}: ${perGroup.join(',')}`).toBe(true);
    }
    // A random split of the same room does not guarantee it: the rule is what holds it.
    const randomSpreads = Array.from({ length: 20 }, (_, seed) => {
      const r = splitIntoGroups(room, 6, 'random', seededRandom(seed));
      return UNITS.every((unit) => spreadWithinOne(r.map((g) => g.filter((k) => unitOf.get(k) === unit).length)));
    });
    expect(randomSpreads).toContain(false);
  });

  it('keepUnits keeps each unit in as few groups as sizes allow', () => {
    const room = [...Array(5)].map((_, i) => ({ key: `a${i}xxxxxx`, administration: 'SENAE' })).concat([...Array(5)].map((_, i) => ({ key: `b${i}xxxxxx`, administration: 'DIAN' })));
    const groups = splitIntoGroups(room, 2, 'keepUnits', seededRandom(1));
    const units = groups.map((g) => new Set(g.map((k) => room.find((p) => p.key === k)!.administration)));
    expect(units.map((u) => u.size)).toEqual([1, 1]);
  });

  it('the same seed gives the same split; another seed reshuffles', () => {
    const room = people(40);
    expect(splitIntoGroups(room, 4, 'mixUnits', seededRandom(7))).toEqual(splitIntoGroups(room, 4, 'mixUnits', seededRandom(7)));
    expect(splitIntoGroups(room, 4, 'mixUnits', seededRandom(8))).not.toEqual(splitIntoGroups(room, 4, 'mixUnits', seededRandom(7)));
  });
});

describe('factor shares', () => {
  it('all: every group works all ten', () => {
    expect(assignFactors(3, 'all')).toEqual([[...FACTOR_KEYS], [...FACTOR_KEYS], [...FACTOR_KEYS]]);
  });

  it.each([2, 3, 4, 7, 10, 11, 30])('shares over %i groups cover all ten, each group has at least one, in order', (g) => {
    const shares = assignFactors(g, 'shares');
    expect(shares).toHaveLength(g);
    expect(uncoveredFactors(shares)).toEqual([]);
    expect(shares.every((s) => s.length >= 1)).toBe(true);
    if (g <= 10) expect(spreadWithinOne(shares.map((s) => s.length))).toBe(true);
  });

  it('three groups: group 1 takes factors 1-4, group 2 5-7, group 3 8-10', () => {
    expect(assignFactors(3, 'shares')).toEqual([FACTOR_KEYS.slice(0, 4), FACTOR_KEYS.slice(4, 7), FACTOR_KEYS.slice(7)]);
  });

  it('reports what a hand-made share leaves uncovered', () => {
    expect(uncoveredFactors([[FACTOR_KEYS[0]], [FACTOR_KEYS[1]]])).toEqual(FACTOR_KEYS.slice(2));
  });
});

describe('late joiners and moves', () => {
  const p = (key: string, administration: string): SplitPerson => ({ key, administration });

  it('a late joiner goes to a smallest group; mixUnits picks the one with fewest of their unit', () => {
    const groups = [[p('a', 'SENAE'), p('b', 'SENAE')], [p('c', 'DIAN'), p('d', 'SENAE')], [p('e', 'SENAE'), p('f', 'DIAN'), p('g', 'SAT')]];
    expect(placeLateJoiner(groups, p('h', 'SENAE'), 'mixUnits')).toBe(1);
    expect(placeLateJoiner(groups, p('h', 'DIAN'), 'mixUnits')).toBe(0);
    expect(placeLateJoiner(groups, p('h', 'DIAN'), 'keepUnits')).toBe(1);
    expect(placeLateJoiner(groups, p('h', 'SAT'), 'random')).toBe(0);
  });

  it('many late joiners keep sizes within one', () => {
    const groups: SplitPerson[][] = [[], [], [], []];
    for (const person of people(37)) groups[placeLateJoiner(groups, person, 'mixUnits')]!.push(person);
    expect(spreadWithinOne(groups.map((g) => g.length))).toBe(true);
  });

  it('moving a person takes them out of their group and into the other, once', () => {
    const moved = movePerson([['a', 'b'], ['c']], 'a', 1);
    expect(moved).toEqual([['b'], ['c', 'a']]);
    expect(movePerson(moved, 'a', 1)).toEqual([['b'], ['c', 'a']]);
  });
});

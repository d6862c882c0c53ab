import { describe, expect, it } from 'vitest';
import { peopleFromEntries, presenceDiff, presenceFor, presenceKey } from '../../server/realtime/presence.ts';
import type { PresenceEntry } from '../../server/storage/PresenceStore.ts';
import { applyPresenceChange } from '../../shared/protocol/presenceChange.ts';

const entry = (connectionId: string, participantId: string, displayName: string, role: PresenceEntry['role'] = 'participant'): PresenceEntry => ({
  connectionId,
  nodeId: 'n',
  participantId,
  role,
  displayName,
  administration: 'SENAE',
  language: 'en',
  expiresAt: 1,
});

describe('presence travels as changes that rebuild the same list', () => {
  it('counts one person once however many connections they hold', () => {
    const people = peopleFromEntries([entry('c1', 'p1', 'Ana'), entry('c2', 'p1', 'Ana'), entry('c3', 'p2', 'Bruno')]);
    expect(presenceFor('w', people, false).count).toBe(2);
  });

  it('sends nothing when nothing changed, and only arrivals and departures otherwise', () => {
    const before = presenceFor('w', peopleFromEntries([entry('c1', 'p1', 'Ana'), entry('c2', 'p2', 'Bruno')]), false);
    expect(presenceDiff(before, before)).toBeNull();
    const after = presenceFor('w', peopleFromEntries([entry('c1', 'p1', 'Ana'), entry('c3', 'p3', 'Carla')]), false);
    const change = presenceDiff(before, after)!;
    expect(change.added.map((p) => p.displayName)).toEqual(['Carla']);
    expect(change.removed).toEqual([presenceKey('w', 'p2')]);
    expect(applyPresenceChange(before, change)).toEqual(after);
  });

  it('keeps anonymous participants to counts, and their keys never name a participant id', () => {
    const view = presenceFor('w', peopleFromEntries([entry('c1', 'p1', 'Ana'), entry('c2', 'f1', 'María', 'facilitator')]), true);
    expect(view.people.map((p) => p.displayName)).toEqual(['María']);
    expect(view.byRole.participant).toBe(1);
    expect(JSON.stringify(view)).not.toContain('f1');
  });
});

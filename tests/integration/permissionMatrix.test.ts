import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards, readSession } from '../../shared/board/boardDocument.ts';
import { authorise } from '../../shared/facilitation/authorise.ts';
import { PHASES, ROLES, type Phase, type Role } from '../../shared/facilitation/roles.ts';
import type { CommandName, ErrorCode } from '../../shared/protocol/index.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { UNLIMITED_COMMANDS, withLimits } from '../helpers/limits.ts';
import { storeFingerprint } from '../helpers/serverState.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

/**
 * The rules as the issue states them, written out independently of the server's table:
 * which role may run which command in which phases ('open' = every phase but Closed).
 */
const OPEN: Phase[] = ['write', 'reveal', 'group', 'vote', 'discuss', 'actions'];
const F = (phases: Phase[] = OPEN) => ({ facilitator: phases });
const SPEC: Record<CommandName, Partial<Record<Role, Phase[]>> & { underLock?: true }> = {
  'note.add': { facilitator: OPEN, participant: ['write'] },
  'note.edit': { facilitator: OPEN, participant: ['write', 'reveal'] },
  'note.delete': { facilitator: OPEN, participant: ['write', 'reveal'] },
  'note.move': { facilitator: OPEN, participant: ['write', 'reveal'] },
  'note.merge': F(),
  'note.unmerge': F(),
  'note.setGroup': F(['group']),
  'group.create': F(['group']),
  'group.rename': F(['group']),
  'group.delete': F(['group']),
  'phase.set': F(),
  'voting.configure': F(),
  'notes.setLimit': F(),
  'vote.cast': { facilitator: ['vote'], participant: ['vote'] },
  'vote.retract': { facilitator: ['vote'], participant: ['vote'] },
  'timer.start': F(),
  'timer.pause': F(),
  'timer.resume': F(),
  'timer.addMinute': F(),
  'timer.stop': F(),
  'lock.set': F(),
  'spotlight.set': F(),
  'done.set': { participant: OPEN, underLock: true },
  'action.add': { facilitator: OPEN, rapporteur: ['actions'] },
  'action.edit': { facilitator: OPEN, rapporteur: ['actions'] },
  'action.delete': { facilitator: OPEN, rapporteur: ['actions'] },
  'action.fromNote': { facilitator: OPEN, rapporteur: ['actions'] },
  'summary.set': { facilitator: OPEN, rapporteur: OPEN },
  'board.add': F(),
  'board.setCurrent': F(),
  'workshop.freeze': { facilitator: OPEN, rapporteur: OPEN },
  'workshop.reopen': F(['closed']),
  'export.allowObservers': F([...OPEN, 'closed']),
  'writingCounts.share': F(),
};

function expected(command: CommandName, role: Role, phase: Phase, locked: boolean): ErrorCode | null {
  if (phase === 'closed' && command !== 'workshop.reopen' && command !== 'export.allowObservers') return 'FROZEN';
  const rule = SPEC[command];
  const phases = rule[role];
  if (!phases) return 'FORBIDDEN_ROLE';
  if (locked && role !== 'facilitator' && !rule.underLock) return 'BOARD_LOCKED';
  return phases.includes(phase) ? null : 'PHASE_FORBIDS';
}

/** Commands in an order where each allowed one can succeed (pause after start, retract after cast…); freeze last. */
const ORDER: CommandName[] = [
  'note.add', 'note.edit', 'note.move', 'note.setGroup', 'group.create', 'group.rename', 'note.merge', 'note.unmerge', 'note.delete', 'group.delete',
  'phase.set', 'voting.configure', 'notes.setLimit', 'vote.cast', 'vote.retract',
  'timer.start', 'timer.pause', 'timer.resume', 'timer.addMinute', 'timer.stop',
  'lock.set', 'spotlight.set', 'done.set', 'action.add', 'action.edit', 'action.delete', 'action.fromNote', 'summary.set',
  'board.add', 'board.setCurrent', 'export.allowObservers', 'workshop.freeze', 'workshop.reopen',
];

interface Fixture {
  server: TestServer;
  workshop: TestWorkshop;
  members: Record<Role, Member>;
  boardId: string;
  /** Notes each role may use (own notes for participant and facilitator). */
  notes: Record<Role, string[]>;
  groupId: string;
  actionId: string;
}

async function doc(fx: Fixture) {
  const entry = await fx.server.services.registry.peek(fx.workshop.id);
  if (!entry) throw new Error('document not loaded');
  return entry.doc;
}

async function prepare(server: TestServer, phase: Phase, locked: boolean): Promise<Fixture> {
  const workshop = await createWorkshop(server, { title: `Matrix ${phase} ${locked}` });
  const members = {} as Record<Role, Member>;
  for (const role of ROLES) members[role] = await joinAs(server, workshop, role, `${role} person`);
  const entry = await server.services.registry.peek(workshop.id);
  const boardId = readBoards(entry!.doc)[0]!.id;
  const f = members.facilitator;
  const notes = { facilitator: [], participant: [], rapporteur: [], observer: [] } as Record<Role, string[]>;
  for (const role of ['facilitator', 'participant'] as const) {
    for (let i = 0; i < 8; i++) {
      const r = await members[role].send('note.add', { boardId, row: 'hrm', column: 'gaps', text: `${role} note ${i}` });
      if (!r.ok) throw new Error(r.error);
      notes[role].push(r.noteId);
    }
  }
  notes.rapporteur = notes.participant;
  notes.observer = notes.participant;
  await f.send('phase.set', { phase: 'group' });
  const group = await f.send('group.create', { boardId, row: 'hrm', column: 'gaps', name: 'Pay', noteIds: [notes.facilitator[7]!] });
  const action = await f.send('action.add', { boardId, row: 'hrm', text: 'Publish pay scales', ownerUnit: 'HR' });
  if (!group.ok || !action.ok) throw new Error('fixture failed');
  await f.send('phase.set', { phase: 'vote' });
  // Votes to retract later, one per voter.
  await members.participant.send('vote.cast', { noteId: notes.facilitator[6]! });
  await f.send('vote.cast', { noteId: notes.participant[6]! });
  if (phase === 'closed') {
    await f.send('workshop.freeze', {});
  } else {
    await f.send('phase.set', { phase });
  }
  if (locked) {
    // Lock before freezing would be refused after: lock first, then freeze again when needed.
    if (phase === 'closed') {
      await f.send('workshop.reopen', {});
      await f.send('lock.set', { locked: true });
      await f.send('workshop.freeze', {});
    } else {
      await f.send('lock.set', { locked: true });
    }
  }
  return { server, workshop, members, boardId, notes, groupId: group.groupId, actionId: action.actionId };
}

function payloadFor(command: CommandName, role: Role, fx: Fixture, phase: Phase, locked: boolean): unknown {
  const own = fx.notes[role];
  const { boardId } = fx;
  switch (command) {
    case 'note.add': return { boardId, row: 'transparency', column: 'strengths', text: `${role} adds` };
    case 'note.edit': return { noteId: own[0], text: `${role} edits` };
    case 'note.move': return { noteId: own[1], row: 'automation', column: 'strengths' };
    case 'note.setGroup': return { noteId: fx.notes.facilitator[5], groupId: fx.groupId };
    case 'group.create': return { boardId, row: 'hrm', column: 'gaps', name: `${role} group`, noteIds: [] };
    case 'group.rename': return { groupId: fx.groupId, name: `${role} renamed` };
    case 'note.merge': return { targetId: fx.notes.facilitator[3], sourceIds: [role === 'facilitator' ? fx.notes.facilitator[4] : fx.notes.participant[4]] };
    case 'note.unmerge': return { noteId: fx.notes.facilitator[4] };
    case 'note.delete': return { noteId: own[2] };
    case 'group.delete': return { groupId: fx.groupId };
    case 'phase.set': return { phase };
    case 'voting.configure': return { votesPerParticipant: 5, maxPerNote: 3, showLive: false };
    case 'notes.setLimit': return { notesPerParticipant: 40 };
    case 'vote.cast': return { noteId: role === 'facilitator' ? fx.notes.participant[5] : fx.notes.facilitator[5] };
    case 'vote.retract': return { noteId: role === 'facilitator' ? fx.notes.participant[6] : fx.notes.facilitator[6] };
    case 'timer.start': return { durationMs: 300_000 };
    case 'timer.pause':
    case 'timer.resume':
    case 'timer.addMinute':
    case 'timer.stop':
    case 'workshop.freeze':
    case 'workshop.reopen': return {};
    case 'lock.set': return { locked };
    case 'spotlight.set': return { spotlight: { kind: 'row', boardId, row: 'hrm' } };
    case 'done.set': return { done: true };
    case 'action.add': return { boardId, row: 'hrm', text: `${role} action` };
    case 'action.edit': return { actionId: fx.actionId, status: 'in_progress' };
    case 'action.delete': return { actionId: fx.actionId };
    case 'action.fromNote': return { noteId: fx.notes.facilitator[0] };
    case 'summary.set': return { boardId, text: `${role} summary` };
    case 'board.add': return { title: `${role} board`, template: 'culture' };
    case 'board.setCurrent': return { boardId };
    case 'export.allowObservers': return { allowed: false };
    case 'writingCounts.share': return { shared: true };
  }
}

describe('every role x command x phase x lock is decided by the server as the rules say', () => {
  let server: TestServer;
  const results: Array<{ phase: Phase; locked: boolean; role: Role; command: CommandName; got: string; want: string }> = [];

  beforeAll(async () => {
    server = await startTestServer(withLimits(UNLIMITED_COMMANDS, { commandsPerSecond: 10_000 }));
  });
  afterAll(async () => {
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('the shared rule table agrees with the written-out rules', () => {
    for (const phase of PHASES) for (const locked of [false, true]) for (const role of ROLES) for (const command of ORDER) {
      expect({ command, role, phase, locked, got: authorise(command, role, { phase, locked }) }).toEqual({
        command, role, phase, locked, got: expected(command, role, phase, locked),
      });
    }
  });

  for (const phase of PHASES) {
    for (const locked of [false, true]) {
      it(`in phase ${phase}${locked ? ', locked' : ''}: forbidden commands are refused by name and change nothing; allowed ones succeed`, async () => {
        const fx = await prepare(server, phase, locked);
        for (const role of ['observer', 'participant', 'rapporteur', 'facilitator'] as Role[]) {
          for (const command of ORDER) {
            const session = readSession(await doc(fx));
            const want = expected(command, role, session.phase, session.locked);
            const before = want ? await storeFingerprint(server, fx.workshop.id) : '';
            const result = (await fx.members[role].sendRaw(command, payloadFor(command, role, fx, session.phase, session.locked))) as { ok: boolean; error?: string };
            const got = result.ok ? 'ok' : result.error!;
            results.push({ phase, locked, role, command, got, want: want ?? 'ok' });
            expect({ role, command, phase: session.phase, locked: session.locked, got }).toEqual({
              role, command, phase: session.phase, locked: session.locked, got: want ?? 'ok',
            });
            if (want) expect(await storeFingerprint(server, fx.workshop.id)).toBe(before);
          }
        }
        for (const m of Object.values(fx.members)) m.close();
      });
    }
  }

  it('covered every role, command, phase and lock state, with both outcomes', () => {
    expect(results.length).toBeGreaterThanOrEqual(PHASES.length * 2 * ROLES.length * ORDER.length);
    expect(new Set(results.map((r) => r.want))).toEqual(new Set(['ok', 'FROZEN', 'FORBIDDEN_ROLE', 'BOARD_LOCKED', 'PHASE_FORBIDS']));
  });
});

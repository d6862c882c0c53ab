import type * as Y from 'yjs';
import { readBreakoutGroups, readMembers, readRound, groupOf } from '../../shared/breakouts/breakoutDocument.ts';
import type { BreakoutGroup, BreakoutRound, FactorMode, SplitRule } from '../../shared/breakouts/types.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import type { ErrorCode, JoinResult } from '../../shared/protocol/index.ts';
import type { BreakoutGroupStatus, BreakoutMessage, BreakoutPreview } from '../../shared/protocol/breakoutProtocol.ts';
import { readJoin } from './ackResult.ts';
import type { WorkshopConnection } from './workshopConnection.ts';
import { WorkshopDocument } from './workshopDocument.svelte.ts';
import { WorkshopReplica } from './workshopReplica.ts';

export type BreakoutOutcome<T = object> = ({ ok: true } & T) | { ok: false; error: ErrorCode };

export interface BreakoutsOptions {
  workshopId: string;
  role: Role;
  token: string;
  serverUrl: string;
  connection: WorkshopConnection;
  /** The group board's own join answer (own notes, hidden notes, votes), or the plenary's when back. */
  joined: (result: JoinResult) => void;
  /** The group board's notes changed (optimistic notes settle against it). */
  notesChanged: () => void;
  phaseChanged: () => void;
  failed: (error: ErrorCode) => void;
}

/**
 * Breakout groups as one person sees them: the round and groups (from the plenary document), the
 * group whose board they work on and that board's own replica (only theirs: never another group's),
 * the facilitator's messages, and the facilitator's commands.
 */
export class Breakouts {
  round = $state.raw<BreakoutRound | null>(null);
  /** Groups of the last round. */
  groups = $state.raw<BreakoutGroup[]>([]);
  /** Presence keys per group id (last round). */
  members = $state.raw<Map<string, string[]>>(new Map());
  /** The group whose board this person works on now, or null (the plenary). */
  activeGroupId = $state<string | null>(null);
  lead = $state(false);
  message = $state.raw<BreakoutMessage | null>(null);
  /** A participant chose to look at the plenary board (read-only) instead of their group's. */
  #plenaryChosen = $state(false);
  /** The active group's board (loaded once its replica synced). */
  readonly board: WorkshopDocument;

  readonly #options: BreakoutsOptions;
  #myKey = '';
  #plenary: Y.Doc | null = null;
  /** The group a facilitator, rapporteur or observer chose to open (participants are placed by the server). */
  #chosen: string | null = null;
  #entering: string | null | undefined = undefined;
  #replica: WorkshopReplica | null = null;

  constructor(options: BreakoutsOptions) {
    this.#options = options;
    this.board = new WorkshopDocument({ phaseChanged: options.phaseChanged, notesChanged: options.notesChanged });
    options.connection.onBreakout('breakout.message', (message) => (this.message = message));
    options.connection.onBreakout('breakout.changed', () => this.#sync(true));
  }

  get running(): boolean {
    return this.round?.status === 'running';
  }

  /** A participant in a running group may look at the plenary board, read-only, and come back. */
  get mayShowPlenary(): boolean {
    return this.#options.role === 'participant' && this.running && this.activeGroupId !== null;
  }

  /** The participant is looking at the plenary board: shown read-only, their commands still reach their group. */
  get showingPlenary(): boolean {
    return this.#plenaryChosen && this.mayShowPlenary;
  }

  showPlenary(show: boolean): void {
    this.#plenaryChosen = show;
  }

  get activeGroup(): BreakoutGroup | null {
    return this.groups.find((g) => g.id === this.activeGroupId) ?? null;
  }

  /** Called with the plenary document after each change. */
  readPlenary(doc: Y.Doc): void {
    this.#plenary = doc;
    const round = readRound(doc);
    this.round = round;
    this.groups = round ? readBreakoutGroups(doc, round.round) : [];
    this.members = round ? readMembers(doc, round.round) : new Map();
    // The next round starts on the group's board again.
    if (round?.status !== 'running') this.#plenaryChosen = false;
    this.#sync(false);
  }

  /** Called on every (re)join of the workshop: this person's key, and the server forgot any group opened. */
  rejoined(presenceKey: string): void {
    this.#myKey = presenceKey;
    this.#sync(true);
  }

  /** Facilitators (and rapporteurs, observers) open a group's board, or go back to the plenary with null. */
  open(groupId: string | null): Promise<BreakoutOutcome> {
    this.#chosen = groupId;
    return this.#enter(groupId);
  }

  #wanted(): string | null {
    const round = this.round;
    if (this.#options.role !== 'participant') return this.#chosen;
    if (!round || round.status !== 'running' || !this.#plenary) return null;
    return groupOf(this.#plenary, round.round, this.#myKey) ?? 'unplaced';
  }

  #sync(force: boolean): void {
    if (!this.#myKey) return;
    const wanted = this.#wanted();
    if (!force && (wanted === this.activeGroupId || wanted === this.#entering)) return;
    void this.#enter(wanted === 'unplaced' ? null : wanted);
  }

  async #enter(groupId: string | null): Promise<BreakoutOutcome> {
    this.#entering = groupId;
    const r = await this.#options.connection.breakout('breakout.enter', { groupId });
    if (!r.ok) {
      this.#entering = undefined;
      this.#options.failed(r.error);
      return r;
    }
    const join = readJoin((r.join ?? {}) as Record<string, unknown>);
    const entered = typeof r.groupId === 'string' ? r.groupId : null;
    this.lead = r.lead === true;
    if (entered !== this.activeGroupId) this.#openBoard(entered);
    this.activeGroupId = entered;
    this.#entering = undefined;
    if (join) this.#options.joined(join);
    return { ok: true };
  }

  #openBoard(groupId: string | null): void {
    this.#replica?.destroy();
    this.#replica = null;
    this.board.loaded = false;
    if (!groupId) return;
    const replica = new WorkshopReplica(`${this.#options.workshopId}/${groupId}`, this.#options.serverUrl, this.#options.token, {
      changed: (doc, changed) => {
        if (this.#replica === replica) this.board.read(doc, changed);
      },
      state: () => undefined,
      // Moved out of the group (or it ended): the plenary document says where to go next.
      fatal: () => undefined,
    });
    this.#replica = replica;
    replica.start();
  }

  // ---- facilitators --------------------------------------------------------------------------

  async preview(groupCount: number, rule: SplitRule, factorMode: FactorMode, seed?: number): Promise<BreakoutOutcome<{ preview: BreakoutPreview }>> {
    const r = await this.#options.connection.breakout('breakout.preview', { groupCount, rule, factorMode, ...(seed === undefined ? {} : { seed }) });
    if (!r.ok) return this.#fail(r.error);
    return { ok: true, preview: r.preview as BreakoutPreview };
  }

  async start(rule: SplitRule, preview: BreakoutPreview): Promise<BreakoutOutcome> {
    const groups = preview.groups.map((g) => ({ name: g.name, factors: g.factors as never[], memberKeys: g.members.map((m) => m.key) }));
    return this.#done(await this.#options.connection.breakout('breakout.start', { rule, groups }));
  }

  async overview(): Promise<BreakoutOutcome<{ groups: BreakoutGroupStatus[] }>> {
    const r = await this.#options.connection.breakout('breakout.overview', {});
    if (!r.ok) return this.#fail(r.error);
    return { ok: true, groups: Array.isArray(r.groups) ? (r.groups as BreakoutGroupStatus[]) : [] };
  }

  async move(personKey: string, groupId: string): Promise<BreakoutOutcome> {
    return this.#done(await this.#options.connection.breakout('breakout.move', { personKey, groupId }));
  }

  async setLead(groupId: string, personKey: string | null): Promise<BreakoutOutcome> {
    return this.#done(await this.#options.connection.breakout('breakout.setLead', { groupId, personKey }));
  }

  async sendMessage(groupId: string | null, text: string): Promise<BreakoutOutcome> {
    return this.#done(await this.#options.connection.breakout('breakout.message', { groupId, text }));
  }

  async startTimers(groupId: string | null, durationMs: number): Promise<BreakoutOutcome> {
    return this.#done(await this.#options.connection.breakout('breakout.timer', { groupId, durationMs }));
  }

  async bringBack(countdownSeconds: number): Promise<BreakoutOutcome> {
    return this.#done(await this.#options.connection.breakout('breakout.bringBack', { countdownSeconds }));
  }

  destroy(): void {
    this.#replica?.destroy();
    this.#replica = null;
  }

  #done(r: { ok: true } | { ok: false; error: ErrorCode }): BreakoutOutcome {
    return r.ok ? { ok: true } : this.#fail(r.error);
  }

  #fail(error: ErrorCode): { ok: false; error: ErrorCode } {
    this.#options.failed(error);
    return { ok: false, error };
  }
}

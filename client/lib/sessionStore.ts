import { ADMINISTRATION_MAX, DISPLAY_NAME_MAX } from '../../shared/board/types.ts';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import { readStored, removeStored, writeStored } from './storage.ts';

/** A personal session in one workshop, as remembered in this browser. */
export interface StoredSession {
  token: string;
  role: Role;
  participantId: string;
  displayName: string;
  administration: string;
}

/** The name and administration last typed, to pre-fill the next join form. */
export interface Profile {
  displayName: string;
  administration: string;
}

/**
 * The sessions this browser holds in one workshop, one per role (`ib.sessions.<workshopId>`), and
 * which one is in use. Opening another role's link (a facilitator previewing the participant link)
 * adds a session beside hers instead of replacing it; the page offers to switch between them.
 */
export interface StoredSessions {
  active: Role | null;
  byRole: Partial<Record<Role, StoredSession>>;
}

const sessionsKey = (workshopId: string) => `ib.sessions.${workshopId}`;
/** Where one session per workshop used to be kept: read once, then moved. */
const legacySessionKey = (workshopId: string) => `ib.session.${workshopId}`;
const NAME_KEY = 'ib.displayName';
const ADMINISTRATION_KEY = 'ib.administration';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;
const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

function readSession(value: unknown): StoredSession | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.token !== 'string' || !TOKEN_PATTERN.test(v.token)) return null;
  if (!isRole(v.role)) return null;
  if (typeof v.participantId !== 'string' || typeof v.displayName !== 'string' || typeof v.administration !== 'string') return null;
  return { token: v.token, role: v.role, participantId: v.participantId, displayName: v.displayName, administration: v.administration };
}

function parseJson(raw: string | null): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

export function loadSessions(workshopId: string): StoredSessions {
  const stored = parseJson(readStored(sessionsKey(workshopId)));
  const sessions: StoredSessions = { active: null, byRole: {} };
  if (typeof stored === 'object' && stored !== null) {
    const { active, byRole } = stored as Record<string, unknown>;
    if (typeof byRole === 'object' && byRole !== null) {
      for (const role of ROLES) {
        const session = readSession((byRole as Record<string, unknown>)[role]);
        if (session && session.role === role) sessions.byRole[role] = session;
      }
    }
    sessions.active = isRole(active) && sessions.byRole[active] ? active : (ROLES.find((r) => sessions.byRole[r]) ?? null);
  }
  const legacy = readSession(parseJson(readStored(legacySessionKey(workshopId))));
  if (legacy) {
    sessions.byRole[legacy.role] ??= legacy;
    sessions.active ??= legacy.role;
    writeSessions(workshopId, sessions);
    removeStored(legacySessionKey(workshopId));
  }
  return sessions;
}

function writeSessions(workshopId: string, sessions: StoredSessions): void {
  if (!sessions.active && Object.keys(sessions.byRole).length === 0) removeStored(sessionsKey(workshopId));
  else writeStored(sessionsKey(workshopId), JSON.stringify(sessions));
}

/** The session in use in this workshop, if any. */
export function loadSession(workshopId: string): StoredSession | null {
  const { active, byRole } = loadSessions(workshopId);
  return active ? (byRole[active] ?? null) : null;
}

/** This browser's session for one role of the workshop, if any. */
export function loadSessionFor(workshopId: string, role: Role): StoredSession | null {
  return loadSessions(workshopId).byRole[role] ?? null;
}

/** Keeps the session (replacing only an earlier one of the same role) and makes it the one in use. */
export function saveSession(workshopId: string, session: StoredSession): void {
  const sessions = loadSessions(workshopId);
  sessions.byRole[session.role] = session;
  sessions.active = session.role;
  writeSessions(workshopId, sessions);
}

/** Makes the stored session of `role` the one in use; returns it (null when there is none). */
export function switchSession(workshopId: string, role: Role): StoredSession | null {
  const sessions = loadSessions(workshopId);
  const session = sessions.byRole[role] ?? null;
  if (session) writeSessions(workshopId, { ...sessions, active: role });
  return session;
}

/** The other sessions this browser holds in the workshop (to offer a switch). */
export function otherSessions(workshopId: string, current: Role | null): StoredSession[] {
  const { byRole } = loadSessions(workshopId);
  return ROLES.filter((r) => r !== current).flatMap((r) => (byRole[r] ? [byRole[r]] : []));
}

/** Forgets one session (by token; the one in use when none is given); another stored one becomes the one in use. */
export function forgetSession(workshopId: string, token?: string): void {
  const sessions = loadSessions(workshopId);
  const role = token ? ROLES.find((r) => sessions.byRole[r]?.token === token) : sessions.active;
  if (!role) return;
  delete sessions.byRole[role];
  if (sessions.active === role) sessions.active = ROLES.find((r) => sessions.byRole[r]) ?? null;
  writeSessions(workshopId, sessions);
}

export function loadProfile(): Profile {
  return { displayName: readStored(NAME_KEY) ?? '', administration: readStored(ADMINISTRATION_KEY) ?? '' };
}

/** Trims and bounds a typed name and administration, remembers them and returns them. */
export function saveProfile(profile: Profile): Profile {
  const displayName = profile.displayName.trim().slice(0, DISPLAY_NAME_MAX);
  const administration = profile.administration.trim().slice(0, ADMINISTRATION_MAX);
  if (displayName) writeStored(NAME_KEY, displayName);
  writeStored(ADMINISTRATION_KEY, administration);
  return { displayName, administration };
}

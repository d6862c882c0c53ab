import { ADMINISTRATION_MAX, DISPLAY_NAME_MAX } from '../../shared/board/types.ts';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import { readStored, removeStored, writeStored } from './storage.ts';

/** A personal session in one workshop, as remembered in this browser (`ib.session.<workshopId>`). */
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

const sessionKey = (workshopId: string) => `ib.session.${workshopId}`;
const NAME_KEY = 'ib.displayName';
const ADMINISTRATION_KEY = 'ib.administration';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.token !== 'string' || !TOKEN_PATTERN.test(v.token)) return null;
  if (typeof v.role !== 'string' || !(ROLES as readonly string[]).includes(v.role)) return null;
  if (typeof v.participantId !== 'string' || typeof v.displayName !== 'string' || typeof v.administration !== 'string') return null;
  return {
    token: v.token,
    role: v.role as Role,
    participantId: v.participantId,
    displayName: v.displayName,
    administration: v.administration,
  };
}

export function loadSession(workshopId: string): StoredSession | null {
  return parseSession(readStored(sessionKey(workshopId)));
}

export function saveSession(workshopId: string, session: StoredSession): void {
  writeStored(sessionKey(workshopId), JSON.stringify(session));
}

export function forgetSession(workshopId: string): void {
  removeStored(sessionKey(workshopId));
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

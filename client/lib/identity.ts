import { ADMINISTRATION_MAX, DISPLAY_NAME_MAX } from '../../shared/board/types.ts';
import { readStored, writeStored } from './storage.ts';

/**
 * Who this browser is. Everything about identity lives in this file so that it can later be
 * replaced by per-board link secrets without touching components or the session.
 */
export interface Identity {
  /** Random, URL-safe, 32 characters; the server ties note ownership to it. */
  participantId: string;
  displayName: string;
  administration: string;
}

export interface Profile {
  displayName: string;
  administration: string;
}

const PARTICIPANT_KEY = 'ib.participantId';
const NAME_KEY = 'ib.displayName';
const ADMINISTRATION_KEY = 'ib.administration';
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** A random URL-safe string from crypto.getRandomValues (64 symbols: no modulo bias). */
export function randomId(length = 32): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % 64];
  return id;
}

function participantId(): string {
  const stored = readStored(PARTICIPANT_KEY);
  if (stored && ID_PATTERN.test(stored)) return stored;
  const fresh = randomId(32);
  writeStored(PARTICIPANT_KEY, fresh);
  return fresh;
}

/** The remembered name and administration, possibly empty (for pre-filling the join form). */
export function loadProfile(): Profile {
  return {
    displayName: readStored(NAME_KEY) ?? '',
    administration: readStored(ADMINISTRATION_KEY) ?? '',
  };
}

/** The full identity, or null while no display name has been given. */
export function loadIdentity(): Identity | null {
  const profile = loadProfile();
  if (profile.displayName.trim() === '') return null;
  return { participantId: participantId(), ...profile };
}

/** Remembers a name (required) and administration (optional) and returns the identity. */
export function saveProfile(profile: Profile): Identity {
  const displayName = profile.displayName.trim().slice(0, DISPLAY_NAME_MAX);
  const administration = profile.administration.trim().slice(0, ADMINISTRATION_MAX);
  writeStored(NAME_KEY, displayName);
  writeStored(ADMINISTRATION_KEY, administration);
  return { participantId: participantId(), displayName, administration };
}

import { z } from 'zod';
import { secretSchema } from './schemas.ts';
import type { Role } from '../facilitation/roles.ts';

/**
 * One session of a workshop as its facilitators see it (GET /api/workshops/:id/sessions). On
 * anonymous workshops a participant's name and administration are null and times are rounded down
 * to ten minutes: the list must not tell more about who wrote what than the board does.
 */
export interface SessionInfo {
  /** Opaque id of the session (not its token, not the participant id). */
  id: string;
  role: Role;
  /** 1, 2, 3… per role in the order sessions were opened: "Participant 3" where no name may be shown. */
  number: number;
  displayName: string | null;
  administration: string | null;
  createdAt: number;
  lastSeenAt: number;
  /** Open connections (Socket.IO and Yjs, every node). */
  connections: number;
  /** The session the facilitator is using. */
  isYou: boolean;
  /** 1 for a person's first session; 2, 3… for the devices they opened with a personal link (same person, same number). */
  device: number;
}

/** What merging a duplicate session into its person moved and what did not fit the budget. */
export interface SessionMergeResult {
  movedNotes: number;
  movedVotes: number;
  droppedVotes: number;
}

export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16}$/);
export const mergeSessionSchema = z.object({ into: sessionIdSchema }).strict();

/**
 * A personal link: opens the holder's own session (same person, notes, votes and quota) on another
 * device. A bearer secret, valid once and for a few minutes.
 */
export interface DeviceLink {
  url: string;
  expiresAt: number;
}

/** POST /api/workshops/:id/device-links takes nothing: a link is only ever for the caller's own person. */
export const mintDeviceLinkSchema = z.strictObject({});
/** POST /api/workshops/:id/device-sessions: the secret from the personal link's fragment. */
export const redeemDeviceLinkSchema = z.strictObject({ secret: secretSchema });

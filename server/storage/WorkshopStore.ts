import type { Role } from '../../shared/facilitation/roles.ts';
import type { WorkshopSettings } from '../../shared/protocol/workshopTypes.ts';

/** A workshop as the server keeps it (what members may read is served by GET /api/workshops/:id). */
export interface WorkshopRecord extends WorkshopSettings {
  id: string;
  joinCode: string;
  createdAt: number;
}

/** A role link. Only the SHA-256 of its secret is stored. */
export interface LinkRecord {
  id: string;
  workshopId: string;
  role: Role;
  secretHash: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * A personal session: participants who join through the shared participant link or the join code
 * get their own secret, so that the server can tell them apart and keep their ownership.
 */
export interface SessionRecord {
  tokenHash: string;
  workshopId: string;
  participantId: string;
  linkId: string;
  role: Role;
  displayName: string;
  administration: string;
  createdAt: number;
  /** When the session was last used (filled in by the store from touchSession; absent: never since creation). */
  lastSeenAt?: number;
  /** Set when a facilitator ended the session (or merged it into another): its token is refused. */
  endedAt?: number | null;
}

/**
 * A personal link's secret, stored as its hash: who it opens a second session for (the session
 * that asked for it) and until when. Used once: the claim goes through the quota store.
 */
export interface DeviceLinkRecord {
  secretHash: string;
  workshopId: string;
  /** The session that asked for the link: the new session belongs to its person. */
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
}

export interface WorkshopStore {
  /** Stores a new workshop, its join code and its first links. */
  createWorkshop(workshop: WorkshopRecord, links: LinkRecord[]): Promise<void>;
  getWorkshop(id: string): Promise<WorkshopRecord | null>;
  updateWorkshop(workshop: WorkshopRecord): Promise<void>;
  listWorkshops(): Promise<string[]>;
  workshopIdForJoinCode(code: string): Promise<string | null>;
  /** Inserts or replaces a link and indexes its current secret hash. */
  putLink(link: LinkRecord): Promise<void>;
  /** Drops the index entry of a secret that is no longer valid (after a rotation). */
  forgetSecretHash(secretHash: string): Promise<void>;
  getLink(workshopId: string, linkId: string): Promise<LinkRecord | null>;
  findLinkBySecretHash(secretHash: string): Promise<LinkRecord | null>;
  listLinks(workshopId: string): Promise<LinkRecord[]>;
  /** Stores a new session, or rewrites one as read (its `lastSeenAt` passed back as read: the embedded store keeps it). */
  putSession(session: SessionRecord): Promise<void>;
  findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  listSessions(workshopId: string): Promise<SessionRecord[]>;
  /** Stores a personal link until it expires (records past `expiresAt` may be dropped at any time). */
  putDeviceLink(link: DeviceLinkRecord): Promise<void>;
  getDeviceLink(workshopId: string, secretHash: string): Promise<DeviceLinkRecord | null>;
  /** Records a use of the session (kept apart from the record, so a touch never undoes an end). */
  touchSession(tokenHash: string, at: number): Promise<void>;
  /**
   * Forgets the workshop record, its join code (while it still names this workshop), its links with
   * their secret index entries, its sessions and its personal links. Documents, notes and votes live in other stores.
   */
  deleteWorkshop(id: string): Promise<void>;
}

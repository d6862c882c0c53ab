import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import type { CreateWorkshopPayload } from '../../shared/protocol/schemas.ts';
import type { CreatedWorkshop, LinkInfo } from '../../shared/protocol/workshopTypes.ts';
import { TEMPLATES, type TemplateKey } from '../../shared/board/templates.ts';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { StoredSession } from './sessionStore.ts';
import type { SessionInfo, SessionMergeResult } from '../../shared/protocol/sessionTypes.ts';

/** A REST failure: a named server error, or NETWORK when no answer arrived. */
export type ApiError = ErrorCode | 'NETWORK';
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What GET /api/workshops/:id tells a holder of a link secret or session token. */
export interface WorkshopInfo {
  id: string;
  title: string;
  description: string;
  dates: string;
  languages: string[];
  anonymous: boolean;
  template: TemplateKey;
  role: Role;
  joinCode: string | null;
}

export interface OpenedSession extends StoredSession {
  workshopId: string;
}

type Body = Record<string, unknown>;
const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
const str = (v: unknown): v is string => typeof v === 'string';

async function request<T>(path: string, init: RequestInit, read: (body: Body) => T | null, bearer?: string): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    return { ok: false, error: 'NETWORK' };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok) {
    const value = isBody(body) ? read(body) : null;
    return value ? { ok: true, value } : { ok: false, error: 'INTERNAL' };
  }
  if (isBody(body) && isErrorCode(body.error)) return { ok: false, error: body.error };
  if (response.status === 404) return { ok: false, error: 'WORKSHOP_NOT_FOUND' };
  if (response.status === 429) return { ok: false, error: 'RATE_LIMITED' };
  return { ok: false, error: response.status >= 500 ? 'INTERNAL' : 'INVALID_PAYLOAD' };
}

const post = (payload: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(payload) });
const workshopUrl = (id: string) => `/api/workshops/${encodeURIComponent(id)}`;

function readCreated(b: Body): CreatedWorkshop | null {
  const links = b.links;
  if (!str(b.id) || !str(b.joinCode) || !isBody(links)) return null;
  if (!ROLES.every((role) => str(links[role]))) return null;
  return { id: b.id, joinCode: b.joinCode, links: links as Record<Role, string> };
}

function readInfo(b: Body): WorkshopInfo | null {
  if (!str(b.id) || !str(b.title) || !isRole(b.role)) return null;
  return {
    id: b.id,
    title: b.title,
    description: str(b.description) ? b.description : '',
    dates: str(b.dates) ? b.dates : '',
    languages: Array.isArray(b.languages) ? b.languages.filter(str) : [],
    anonymous: b.anonymous === true,
    template: str(b.template) && (TEMPLATES as readonly string[]).includes(b.template) ? (b.template as TemplateKey) : 'arusha',
    role: b.role,
    joinCode: str(b.joinCode) ? b.joinCode : null,
  };
}

function readOpened(b: Body): OpenedSession | null {
  if (!str(b.workshopId) || !str(b.token) || !isRole(b.role) || !str(b.participantId)) return null;
  return {
    workshopId: b.workshopId,
    token: b.token,
    role: b.role,
    participantId: b.participantId,
    displayName: str(b.displayName) ? b.displayName : '',
    administration: str(b.administration) ? b.administration : '',
  };
}

function readLink(v: unknown): LinkInfo | null {
  if (!isBody(v) || !str(v.id) || !isRole(v.role) || typeof v.createdAt !== 'number') return null;
  return {
    id: v.id,
    role: v.role,
    label: str(v.label) ? v.label : '',
    createdAt: v.createdAt,
    revokedAt: typeof v.revokedAt === 'number' ? v.revokedAt : null,
  };
}

function readLinkAndUrl(b: Body): { link: LinkInfo; url: string } | null {
  const link = readLink(b.link);
  return link && str(b.url) ? { link, url: b.url } : null;
}

export function createWorkshop(payload: CreateWorkshopPayload): Promise<ApiResult<CreatedWorkshop>> {
  return request('/api/workshops', post(payload), readCreated);
}

/** `credential` is a role link's secret or a session token. */
export function getWorkshop(workshopId: string, credential: string): Promise<ApiResult<WorkshopInfo>> {
  return request(workshopUrl(workshopId), { method: 'GET' }, readInfo, credential);
}

export function openSession(workshopId: string, secret: string, displayName: string, administration: string): Promise<ApiResult<OpenedSession>> {
  return request(`${workshopUrl(workshopId)}/sessions`, post({ secret, displayName, administration }), readOpened);
}

/** A personal link for this session's own person, to open it on another device (one use, a few minutes). */
export function mintDeviceLink(workshopId: string, token: string): Promise<ApiResult<{ url: string; expiresAt: number }>> {
  return request(`${workshopUrl(workshopId)}/device-links`, post({}), (b) => (str(b.url) && typeof b.expiresAt === 'number' ? { url: b.url, expiresAt: b.expiresAt } : null), token);
}

/** Exchanges a personal link's secret for a session of the person who made it. */
export function openDeviceSession(workshopId: string, secret: string): Promise<ApiResult<OpenedSession>> {
  return request(`${workshopUrl(workshopId)}/device-sessions`, post({ secret }), readOpened);
}

export function joinByCode(code: string, displayName: string, administration: string): Promise<ApiResult<OpenedSession>> {
  return request('/api/join', post({ code, displayName, administration }), readOpened);
}

export function listLinks(workshopId: string, token: string): Promise<ApiResult<LinkInfo[]>> {
  return request(
    `${workshopUrl(workshopId)}/links`,
    { method: 'GET' },
    (b) => (Array.isArray(b.links) ? b.links.map(readLink).filter((l): l is LinkInfo => l !== null) : null),
    token,
  );
}

export function mintLink(workshopId: string, token: string, role: Role, label: string): Promise<ApiResult<{ link: LinkInfo; url: string }>> {
  return request(`${workshopUrl(workshopId)}/links`, post({ role, label }), readLinkAndUrl, token);
}

export function revokeLink(workshopId: string, token: string, linkId: string): Promise<ApiResult<LinkInfo>> {
  return request(`${workshopUrl(workshopId)}/links/${encodeURIComponent(linkId)}/revoke`, post({}), (b) => readLink(b.link), token);
}

export function rotateLink(workshopId: string, token: string, linkId: string): Promise<ApiResult<{ link: LinkInfo; url: string }>> {
  return request(`${workshopUrl(workshopId)}/links/${encodeURIComponent(linkId)}/rotate`, post({}), readLinkAndUrl, token);
}

function readSessionInfo(v: unknown): SessionInfo | null {
  if (!isBody(v) || !str(v.id) || !isRole(v.role) || typeof v.number !== 'number' || typeof v.createdAt !== 'number') return null;
  return {
    id: v.id,
    role: v.role,
    number: v.number,
    displayName: str(v.displayName) ? v.displayName : null,
    administration: str(v.administration) ? v.administration : null,
    createdAt: v.createdAt,
    lastSeenAt: typeof v.lastSeenAt === 'number' ? v.lastSeenAt : v.createdAt,
    connections: typeof v.connections === 'number' ? v.connections : 0,
    isYou: v.isYou === true,
    device: typeof v.device === 'number' ? v.device : 1,
  };
}

export function listSessions(workshopId: string, token: string): Promise<ApiResult<SessionInfo[]>> {
  return request(
    `${workshopUrl(workshopId)}/sessions`,
    { method: 'GET' },
    (b) => (Array.isArray(b.sessions) ? b.sessions.map(readSessionInfo).filter((s): s is SessionInfo => s !== null) : null),
    token,
  );
}

export function endSession(workshopId: string, token: string, sessionId: string): Promise<ApiResult<{ id: string }>> {
  return request(`${workshopUrl(workshopId)}/sessions/${encodeURIComponent(sessionId)}/end`, post({}), (b) => (str(b.id) ? { id: b.id } : null), token);
}

export function mergeSession(workshopId: string, token: string, sessionId: string, into: string): Promise<ApiResult<SessionMergeResult>> {
  const count = (v: unknown) => (typeof v === 'number' ? v : null);
  return request(
    `${workshopUrl(workshopId)}/sessions/${encodeURIComponent(sessionId)}/merge`,
    post({ into }),
    (b) => {
      const [movedNotes, movedVotes, droppedVotes] = [count(b.movedNotes), count(b.movedVotes), count(b.droppedVotes)];
      return movedNotes === null || movedVotes === null || droppedVotes === null ? null : { movedNotes, movedVotes, droppedVotes };
    },
    token,
  );
}

/** Deletes the workshop for everyone (facilitators only); `confirmTitle` is its title typed again. */
export function deleteWorkshop(workshopId: string, token: string, confirmTitle: string): Promise<ApiResult<{ deleted: string }>> {
  return request(workshopUrl(workshopId), { method: 'DELETE', body: JSON.stringify({ confirmTitle }) }, (b) => (str(b.deleted) ? { deleted: b.deleted } : null), token);
}

import type { Role } from '../../shared/facilitation/roles.ts';
import type { ErrorCode } from '../../shared/protocol/index.ts';
import type { LinkInfo } from '../../shared/protocol/workshopTypes.ts';
import type { SessionInfo, SessionMergeResult } from '../../shared/protocol/sessionTypes.ts';
import * as api from './api.ts';
import type { Outcome } from './workshopView.ts';

type Failure = { ok: false; error: ErrorCode };
type MintedLink = { ok: true; link: LinkInfo; url: string } | Failure;

/** The facilitator's role links and sessions, over REST with this person's session token as Bearer. */
export class FacilitatorLinks {
  readonly #workshopId: string;
  readonly #token: string;
  readonly #failed: (error: ErrorCode) => Failure;

  constructor(workshopId: string, token: string, failed: (error: ErrorCode) => Failure) {
    this.#workshopId = workshopId;
    this.#token = token;
    this.#failed = failed;
  }

  async list(): Promise<{ ok: true; links: LinkInfo[] } | Failure> {
    const result = await api.listLinks(this.#workshopId, this.#token);
    return result.ok ? { ok: true, links: result.value } : this.#failed(restError(result.error));
  }

  async mint(role: Role, label: string): Promise<MintedLink> {
    const result = await api.mintLink(this.#workshopId, this.#token, role, label);
    return result.ok ? { ok: true, ...result.value } : this.#failed(restError(result.error));
  }

  async revoke(linkId: string): Promise<Outcome> {
    const result = await api.revokeLink(this.#workshopId, this.#token, linkId);
    return result.ok ? { ok: true } : this.#failed(restError(result.error));
  }

  async rotate(linkId: string): Promise<MintedLink> {
    const result = await api.rotateLink(this.#workshopId, this.#token, linkId);
    return result.ok ? { ok: true, ...result.value } : this.#failed(restError(result.error));
  }

  async listSessions(): Promise<{ ok: true; sessions: SessionInfo[] } | Failure> {
    const result = await api.listSessions(this.#workshopId, this.#token);
    return result.ok ? { ok: true, sessions: result.value } : this.#failed(restError(result.error));
  }

  async endSession(sessionId: string): Promise<Outcome> {
    const result = await api.endSession(this.#workshopId, this.#token, sessionId);
    return result.ok ? { ok: true } : this.#failed(restError(result.error));
  }

  async mergeSession(sessionId: string, into: string): Promise<({ ok: true } & SessionMergeResult) | Failure> {
    const result = await api.mergeSession(this.#workshopId, this.#token, sessionId, into);
    return result.ok ? { ok: true, ...result.value } : this.#failed(restError(result.error));
  }
}

function restError(error: api.ApiError): ErrorCode {
  return error === 'NETWORK' ? 'TIMEOUT' : error;
}

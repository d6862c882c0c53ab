import { handshakeSchema, PROTOCOL_VERSION, type ErrorCode } from '../../shared/protocol/index.ts';

/** Who sent a command, as the server knows it. */
export interface Principal {
  participantId: string;
  displayName: string;
  administration: string;
  language: string;
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; error: ErrorCode };

/**
 * The one seam between a connection and a person. Until workshop links exist, a person is the
 * random id their browser keeps; link secrets replace this function without touching commands.
 */
export function authenticateHandshake(auth: unknown): AuthResult {
  const version = (auth as { protocolVersion?: unknown } | null)?.protocolVersion;
  if (version !== PROTOCOL_VERSION) return { ok: false, error: 'PROTOCOL_MISMATCH' };
  const parsed = handshakeSchema.safeParse(auth);
  if (!parsed.success) return { ok: false, error: 'UNAUTHENTICATED' };
  const { participantId, displayName, administration, language } = parsed.data;
  return { ok: true, principal: { participantId, displayName, administration, language } };
}

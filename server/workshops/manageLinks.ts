import type { Role } from '../../shared/facilitation/roles.ts';
import type { CommandResult } from '../../shared/protocol/index.ts';
import type { LinkInfo } from '../../shared/protocol/workshopTypes.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import type { LinkRecord } from '../storage/WorkshopStore.ts';
import { roleLinkUrl } from './roleLink.ts';

export function linkInfo(link: LinkRecord): LinkInfo {
  return { id: link.id, role: link.role, label: link.label, createdAt: link.createdAt, revokedAt: link.revokedAt };
}

/** A new link for a role (typically a co-facilitator's own facilitator link). */
export async function mintLink(
  services: Services,
  workshopId: string,
  role: Role,
  label: string,
): Promise<CommandResult<{ link: LinkInfo; url: string }>> {
  const secret = newSecret();
  const link: LinkRecord = {
    id: services.newId(),
    workshopId,
    role,
    secretHash: hashSecret(secret),
    label,
    createdAt: services.now(),
    revokedAt: null,
  };
  await services.stores.workshops.putLink(link);
  return { ok: true, link: linkInfo(link), url: roleLinkUrl(services.publicUrl, workshopId, secret) };
}

/**
 * Revokes a link: its secret stops opening sessions and every session made through it ends
 * (`onRevoked` closes their open connections).
 */
export async function revokeLink(
  services: Services,
  workshopId: string,
  linkId: string,
  onRevoked: (linkId: string) => void,
): Promise<CommandResult<{ link: LinkInfo }>> {
  const link = await services.stores.workshops.getLink(workshopId, linkId);
  if (!link) return { ok: false, error: 'LINK_NOT_FOUND' };
  const revoked = { ...link, revokedAt: link.revokedAt ?? services.now() };
  await services.stores.workshops.putLink(revoked);
  onRevoked(linkId);
  return { ok: true, link: linkInfo(revoked) };
}

/**
 * Gives a link a new secret: the old address stops working for new joins; people already in keep
 * their sessions (revoke the link to end those).
 */
export async function rotateLink(
  services: Services,
  workshopId: string,
  linkId: string,
): Promise<CommandResult<{ link: LinkInfo; url: string }>> {
  const link = await services.stores.workshops.getLink(workshopId, linkId);
  if (!link) return { ok: false, error: 'LINK_NOT_FOUND' };
  if (link.revokedAt !== null) return { ok: false, error: 'LINK_REVOKED' };
  const secret = newSecret();
  const rotated = { ...link, secretHash: hashSecret(secret) };
  await services.stores.workshops.putLink(rotated);
  await services.stores.workshops.forgetSecretHash(link.secretHash);
  return { ok: true, link: linkInfo(rotated), url: roleLinkUrl(services.publicUrl, workshopId, secret) };
}

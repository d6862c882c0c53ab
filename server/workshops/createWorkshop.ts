import type { z } from 'zod';
import { templateAxes, type Axis, type TemplateKey } from '../../shared/board/templates.ts';
import { INITIAL_SESSION, writeBoard, writeMeta, writeSession } from '../../shared/board/boardDocument.ts';
import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import type { createWorkshopSchema, CommandResult } from '../../shared/protocol/index.ts';
import type { CreatedWorkshop } from '../../shared/protocol/workshopTypes.ts';
import { hashSecret, newJoinCode, newSecret } from '../auth/secrets.ts';
import type { Services } from '../Services.ts';
import type { LinkRecord } from '../storage/WorkshopStore.ts';
import { roleLinkUrl } from './roleLink.ts';

/** Rows and columns for a new board; custom boards must name their own. */
export function boardAxes(
  template: TemplateKey,
  rows: Axis[] | undefined,
  columns: Axis[] | undefined,
): { rows: Axis[]; columns: Axis[] } | null {
  if (template !== 'custom') return templateAxes(template);
  if (!rows?.length || !columns?.length) return null;
  const unique = (list: Axis[]) => new Set(list.map((a) => a.key)).size === list.length;
  return unique(rows) && unique(columns) ? { rows, columns } : null;
}

/** Creates a workshop: its document (meta, first board, session), join code and one link per role. */
export async function createWorkshop(
  services: Services,
  input: z.output<typeof createWorkshopSchema>,
): Promise<CommandResult<CreatedWorkshop>> {
  const axes = boardAxes(input.template, input.rows, input.columns);
  if (!axes) return { ok: false, error: 'INVALID_PAYLOAD', detail: 'custom boards need unique rows and columns' };
  const { stores, registry, newId, now } = services;
  const id = newId();
  const boardId = newId();
  const createdAt = now();
  let joinCode = newJoinCode();
  while (await stores.workshops.workshopIdForJoinCode(joinCode)) joinCode = newJoinCode();

  const secrets = {} as Record<Role, string>;
  const links: LinkRecord[] = ROLES.map((role) => {
    secrets[role] = newSecret();
    return { id: newId(), workshopId: id, role, secretHash: hashSecret(secrets[role]), label: '', createdAt, revokedAt: null };
  });
  await stores.workshops.createWorkshop(
    {
      id,
      joinCode,
      createdAt,
      title: input.title,
      description: input.description,
      dates: input.dates,
      languages: input.languages,
      anonymous: input.anonymous,
      template: input.template,
    },
    links,
  );
  await registry.create(id, (doc) => {
    writeMeta(doc, {
      title: input.title,
      description: input.description,
      dates: input.dates,
      languages: input.languages,
      anonymous: input.anonymous,
      createdAt,
    });
    writeBoard(doc, { id: boardId, title: input.title, template: input.template, ...axes, createdAt });
    writeSession(doc, { ...INITIAL_SESSION, currentBoardId: boardId });
  });
  const urls = Object.fromEntries(ROLES.map((role) => [role, roleLinkUrl(services.publicUrl, id, secrets[role])])) as Record<Role, string>;
  return { ok: true, id, joinCode, links: urls };
}

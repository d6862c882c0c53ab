import { ROLES, type Role } from '../../shared/facilitation/roles.ts';
import { isErrorCode, type ErrorCode } from '../../shared/protocol/errors.ts';
import { IMPORT_ERROR_CODES, type ImportError } from '../../shared/protocol/importErrors.ts';
import type { CreatedWorkshop } from '../../shared/protocol/workshopTypes.ts';

export type WorkshopImportOutcome =
  | { ok: true; created: CreatedWorkshop }
  | { ok: false; error: ErrorCode | 'NETWORK'; errors: ImportError[]; moreErrors: number };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readCreated(b: unknown): CreatedWorkshop | null {
  if (!isObj(b) || typeof b.id !== 'string' || typeof b.joinCode !== 'string' || !isObj(b.links)) return null;
  const links = b.links;
  if (!ROLES.every((role) => typeof links[role] === 'string')) return null;
  return { id: b.id, joinCode: b.joinCode, links: links as Record<Role, string> };
}

/** Sends an exported workshop file as it is to `POST /api/workshops/import`; the server checks it. */
export async function importWorkshopFile(file: Blob): Promise<WorkshopImportOutcome> {
  let response: Response;
  let body: unknown = null;
  try {
    response = await fetch('/api/workshops/import', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: file,
    });
    body = await response.json();
  } catch {
    return { ok: false, error: 'NETWORK', errors: [], moreErrors: 0 };
  }
  const created = response.ok ? readCreated(body) : null;
  if (created) return { ok: true, created };
  const errors = isObj(body) && Array.isArray(body.errors)
    ? body.errors.filter((e): e is ImportError => isObj(e) && typeof e.path === 'string' && (IMPORT_ERROR_CODES as readonly unknown[]).includes(e.code))
    : [];
  return {
    ok: false,
    error: isObj(body) && isErrorCode(body.error) ? body.error : 'INTERNAL',
    errors,
    moreErrors: isObj(body) && typeof body.moreErrors === 'number' ? body.moreErrors : 0,
  };
}

/** The title written in a workshop file, to greet the new workshop by name (the server re-checks everything). */
export async function titleInFile(file: Blob): Promise<string> {
  try {
    const data: unknown = JSON.parse(await file.text());
    return isObj(data) && isObj(data.meta) && typeof data.meta.title === 'string' ? data.meta.title : '';
  } catch {
    return '';
  }
}

// The whole catalogue at once (server-side exports, tests). The browser loads it in two parts instead:
// see shared/i18n/messages.ts and client/lib/i18n.svelte.ts.
import { enFacilitation } from './catalogues/facilitation/en.ts';
import { enExport } from './catalogues/export/en.ts';
import { enImports } from './catalogues/imports/en.ts';
import { enBreakouts } from './catalogues/breakouts/en.ts';
import { enHome } from './catalogues/home/en.ts';
import type { Language } from './languages.ts';
import { fillPlaceholders, loadParticipantMessages, loadStaffMessages, PARTICIPANT_ENGLISH, type Catalogue, type MessageKey } from './messages.ts';

export type { Catalogue, MessageKey } from './messages.ts';

/** English, always at hand: the fallback for any missing message. */
export const ENGLISH: Catalogue = { ...PARTICIPANT_ENGLISH, ...enFacilitation, ...enExport, ...enImports, ...enBreakouts, ...enHome };

/** Every message of a language (other languages than English load as separate modules). */
export async function loadCatalogue(language: Language): Promise<Catalogue> {
  if (language === 'en') return ENGLISH;
  const [participant, staff] = await Promise.all([loadParticipantMessages(language), loadStaffMessages(language)]);
  return { ...participant, ...staff };
}

/** Looks up a message and fills `{name}` placeholders. Unknown placeholders stay visible. */
export function translateWith(catalogue: Catalogue, key: MessageKey, params: Record<string, string | number> = {}): string {
  return fillPlaceholders(catalogue[key] ?? ENGLISH[key], params);
}

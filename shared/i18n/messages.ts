/**
 * The catalogue in two parts, so a participant's phone downloads only what its screens show.
 * - Participant messages: everything the workshop view, the join steps and the lazy board dialogs
 *   show (English is built into the app; other languages load on demand).
 * - Staff messages: the facilitation panel, exports, imports, breakout controls and the home page's
 *   create, import and join forms. They load, in the person's language and in English, only with the
 *   screens that use them (see `withStaffMessages` in client/lib/i18n.svelte.ts).
 * tests/unit/participantMessages.test.ts checks that every key a participant screen names is a
 * participant message; tests/unit/catalogues.test.ts that every language has every key.
 */
import { en as enCore } from './catalogues/en.ts';
import { enFacilitationEveryone } from './catalogues/facilitation/everyone/en.ts';
import { enExportEveryone } from './catalogues/export/everyone/en.ts';
import { enImportsEveryone } from './catalogues/imports/everyone/en.ts';
import { enBreakoutsEveryone } from './catalogues/breakouts/everyone/en.ts';
import { enDrafts } from './catalogues/drafts/en.ts';
import { enDevices } from './catalogues/devices/en.ts';
import { enBoard } from './catalogues/board/en.ts';
import type { enFacilitation } from './catalogues/facilitation/en.ts';
import type { enExport } from './catalogues/export/en.ts';
import type { enImports } from './catalogues/imports/en.ts';
import type { enBreakouts } from './catalogues/breakouts/en.ts';
import type { enHome } from './catalogues/home/en.ts';
import type { Language } from './languages.ts';

export const PARTICIPANT_ENGLISH = {
  ...enCore,
  ...enFacilitationEveryone,
  ...enExportEveryone,
  ...enImportsEveryone,
  ...enBreakoutsEveryone,
  ...enDrafts,
  ...enDevices,
  ...enBoard,
};
export type ParticipantKey = keyof typeof PARTICIPANT_ENGLISH;
export type StaffKey = keyof typeof enFacilitation | keyof typeof enExport | keyof typeof enImports | keyof typeof enBreakouts | keyof typeof enHome;
export type MessageKey = ParticipantKey | StaffKey;
export type Catalogue = Record<MessageKey, string>;
export type ParticipantCatalogue = Record<ParticipantKey, string>;
export type StaffCatalogue = Record<StaffKey, string>;

/** Each catalogue module exports one object of messages: they are merged in order. */
function mergeCatalogues<T>(modules: ReadonlyArray<Record<string, Record<string, string>>>): T {
  return Object.assign({}, ...modules.flatMap((module) => Object.values(module))) as T;
}

/** Participant messages of a language (one chunk per module, loaded together). */
const PARTICIPANT_LOADERS: Record<Language, () => Promise<ParticipantCatalogue>> = {
  en: async () => PARTICIPANT_ENGLISH,
  es: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/es.ts'),
        import('./catalogues/facilitation/everyone/es.ts'),
        import('./catalogues/export/everyone/es.ts'),
        import('./catalogues/imports/everyone/es.ts'),
        import('./catalogues/breakouts/everyone/es.ts'),
        import('./catalogues/drafts/es.ts'),
        import('./catalogues/devices/es.ts'),
        import('./catalogues/board/es.ts'),
      ]),
    ),
  fr: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/fr.ts'),
        import('./catalogues/facilitation/everyone/fr.ts'),
        import('./catalogues/export/everyone/fr.ts'),
        import('./catalogues/imports/everyone/fr.ts'),
        import('./catalogues/breakouts/everyone/fr.ts'),
        import('./catalogues/drafts/fr.ts'),
        import('./catalogues/devices/fr.ts'),
        import('./catalogues/board/fr.ts'),
      ]),
    ),
  pt: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/pt.ts'),
        import('./catalogues/facilitation/everyone/pt.ts'),
        import('./catalogues/export/everyone/pt.ts'),
        import('./catalogues/imports/everyone/pt.ts'),
        import('./catalogues/breakouts/everyone/pt.ts'),
        import('./catalogues/drafts/pt.ts'),
        import('./catalogues/devices/pt.ts'),
        import('./catalogues/board/pt.ts'),
      ]),
    ),
  ar: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/ar.ts'),
        import('./catalogues/facilitation/everyone/ar.ts'),
        import('./catalogues/export/everyone/ar.ts'),
        import('./catalogues/imports/everyone/ar.ts'),
        import('./catalogues/breakouts/everyone/ar.ts'),
        import('./catalogues/drafts/ar.ts'),
        import('./catalogues/devices/ar.ts'),
        import('./catalogues/board/ar.ts'),
      ]),
    ),
};

/** Staff messages of a language: English too is a separate chunk. */
const STAFF_LOADERS: Record<Language, () => Promise<StaffCatalogue>> = {
  en: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/facilitation/en.ts'),
        import('./catalogues/export/en.ts'),
        import('./catalogues/imports/en.ts'),
        import('./catalogues/breakouts/en.ts'),
        import('./catalogues/home/en.ts'),
      ]),
    ),
  es: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/facilitation/es.ts'),
        import('./catalogues/export/es.ts'),
        import('./catalogues/imports/es.ts'),
        import('./catalogues/breakouts/es.ts'),
        import('./catalogues/home/es.ts'),
      ]),
    ),
  fr: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/facilitation/fr.ts'),
        import('./catalogues/export/fr.ts'),
        import('./catalogues/imports/fr.ts'),
        import('./catalogues/breakouts/fr.ts'),
        import('./catalogues/home/fr.ts'),
      ]),
    ),
  pt: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/facilitation/pt.ts'),
        import('./catalogues/export/pt.ts'),
        import('./catalogues/imports/pt.ts'),
        import('./catalogues/breakouts/pt.ts'),
        import('./catalogues/home/pt.ts'),
      ]),
    ),
  ar: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/facilitation/ar.ts'),
        import('./catalogues/export/ar.ts'),
        import('./catalogues/imports/ar.ts'),
        import('./catalogues/breakouts/ar.ts'),
        import('./catalogues/home/ar.ts'),
      ]),
    ),
};

export function loadParticipantMessages(language: Language): Promise<ParticipantCatalogue> {
  return PARTICIPANT_LOADERS[language]();
}

export function loadStaffMessages(language: Language): Promise<StaffCatalogue> {
  return STAFF_LOADERS[language]();
}

/** Fills `{name}` placeholders. Unknown placeholders stay visible. */
export function fillPlaceholders(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

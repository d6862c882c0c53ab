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

/**
 * Participant messages of a language: one chunk each (shared/i18n/bundles), so a phone on a weak
 * connection makes one request for its language.
 */
const PARTICIPANT_LOADERS: Record<Language, () => Promise<ParticipantCatalogue>> = {
  en: async () => PARTICIPANT_ENGLISH,
  es: async () => (await import('./bundles/participant-es.ts')).messages,
  fr: async () => (await import('./bundles/participant-fr.ts')).messages,
  pt: async () => (await import('./bundles/participant-pt.ts')).messages,
  ar: async () => (await import('./bundles/participant-ar.ts')).messages,
};

/** Staff messages of a language: English too is a separate chunk. */
const STAFF_LOADERS: Record<Language, () => Promise<StaffCatalogue>> = {
  en: async () => (await import('./bundles/staff-en.ts')).messages,
  es: async () => (await import('./bundles/staff-es.ts')).messages,
  fr: async () => (await import('./bundles/staff-fr.ts')).messages,
  pt: async () => (await import('./bundles/staff-pt.ts')).messages,
  ar: async () => (await import('./bundles/staff-ar.ts')).messages,
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

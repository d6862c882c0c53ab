import { en as enCore } from './catalogues/en.ts';
import { enFacilitation } from './catalogues/facilitation/en.ts';
import { enExport } from './catalogues/export/en.ts';
import { enImports } from './catalogues/imports/en.ts';
import { enDrafts } from './catalogues/drafts/en.ts';
import { enDevices } from './catalogues/devices/en.ts';
import { enBoard } from './catalogues/board/en.ts';
import { enBreakouts } from './catalogues/breakouts/en.ts';
import type { Language } from './languages.ts';

const en = { ...enCore, ...enFacilitation, ...enExport, ...enImports, ...enDrafts, ...enDevices, ...enBoard, ...enBreakouts };
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

/** English, always at hand: the fallback for any missing message. */
export const ENGLISH: Catalogue = en;

/** Each catalogue module exports one object of messages: they are merged in order. */
function mergeCatalogues(modules: ReadonlyArray<Record<string, Record<string, string>>>): Catalogue {
  return Object.assign({}, ...modules.flatMap((module) => Object.values(module))) as Catalogue;
}

/**
 * Every other language loads on demand (a separate chunk in the browser), so a phone on a weak
 * connection downloads one language, not five: the core messages plus one module per feature.
 */
const LOADERS: Record<Language, () => Promise<Catalogue>> = {
  en: async () => en,
  es: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/es.ts'),
        import('./catalogues/facilitation/es.ts'),
        import('./catalogues/export/es.ts'),
        import('./catalogues/imports/es.ts'),
        import('./catalogues/drafts/es.ts'),
        import('./catalogues/devices/es.ts'),
        import('./catalogues/board/es.ts'),
        import('./catalogues/breakouts/es.ts'),
      ]),
    ),
  fr: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/fr.ts'),
        import('./catalogues/facilitation/fr.ts'),
        import('./catalogues/export/fr.ts'),
        import('./catalogues/imports/fr.ts'),
        import('./catalogues/drafts/fr.ts'),
        import('./catalogues/devices/fr.ts'),
        import('./catalogues/board/fr.ts'),
        import('./catalogues/breakouts/fr.ts'),
      ]),
    ),
  pt: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/pt.ts'),
        import('./catalogues/facilitation/pt.ts'),
        import('./catalogues/export/pt.ts'),
        import('./catalogues/imports/pt.ts'),
        import('./catalogues/drafts/pt.ts'),
        import('./catalogues/devices/pt.ts'),
        import('./catalogues/board/pt.ts'),
        import('./catalogues/breakouts/pt.ts'),
      ]),
    ),
  ar: async () =>
    mergeCatalogues(
      await Promise.all([
        import('./catalogues/ar.ts'),
        import('./catalogues/facilitation/ar.ts'),
        import('./catalogues/export/ar.ts'),
        import('./catalogues/imports/ar.ts'),
        import('./catalogues/drafts/ar.ts'),
        import('./catalogues/devices/ar.ts'),
        import('./catalogues/board/ar.ts'),
        import('./catalogues/breakouts/ar.ts'),
      ]),
    ),
};

export function loadCatalogue(language: Language): Promise<Catalogue> {
  return LOADERS[language]();
}

/** Looks up a message and fills `{name}` placeholders. Unknown placeholders stay visible. */
export function translateWith(catalogue: Catalogue, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogue[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

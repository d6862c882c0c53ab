import { en as enCore } from './catalogues/en.ts';
import { enExport } from './catalogues/export/en.ts';
import { enFacilitation } from './catalogues/facilitation/en.ts';
import { enImports } from './catalogues/imports/en.ts';
import { enBreakouts } from './catalogues/breakouts/en.ts';
import type { Language } from './languages.ts';

const en = { ...enCore, ...enFacilitation, ...enExport, ...enImports, ...enBreakouts };
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

/** English, always at hand: the fallback for any missing message. */
export const ENGLISH: Catalogue = en;

/**
 * Every other language loads on demand (a separate chunk in the browser), so a phone on a weak
 * connection downloads one language, not five. Each is the core messages plus the facilitation and
 * export ones.
 */
const LOADERS: Record<Language, () => Promise<Catalogue>> = {
  en: async () => en,
  es: async () => {
    const [core, facilitation, exports, imports, breakouts] = await Promise.all([
      import('./catalogues/es.ts'),
      import('./catalogues/facilitation/es.ts'),
      import('./catalogues/export/es.ts'),
      import('./catalogues/imports/es.ts'),
      import('./catalogues/breakouts/es.ts'),
    ]);
    return { ...core.es, ...facilitation.esFacilitation, ...exports.esExport, ...imports.esImports, ...breakouts.esBreakouts };
  },
  fr: async () => {
    const [core, facilitation, exports, imports, breakouts] = await Promise.all([
      import('./catalogues/fr.ts'),
      import('./catalogues/facilitation/fr.ts'),
      import('./catalogues/export/fr.ts'),
      import('./catalogues/imports/fr.ts'),
      import('./catalogues/breakouts/fr.ts'),
    ]);
    return { ...core.fr, ...facilitation.frFacilitation, ...exports.frExport, ...imports.frImports, ...breakouts.frBreakouts };
  },
  pt: async () => {
    const [core, facilitation, exports, imports, breakouts] = await Promise.all([
      import('./catalogues/pt.ts'),
      import('./catalogues/facilitation/pt.ts'),
      import('./catalogues/export/pt.ts'),
      import('./catalogues/imports/pt.ts'),
      import('./catalogues/breakouts/pt.ts'),
    ]);
    return { ...core.pt, ...facilitation.ptFacilitation, ...exports.ptExport, ...imports.ptImports, ...breakouts.ptBreakouts };
  },
  ar: async () => {
    const [core, facilitation, exports, imports, breakouts] = await Promise.all([
      import('./catalogues/ar.ts'),
      import('./catalogues/facilitation/ar.ts'),
      import('./catalogues/export/ar.ts'),
      import('./catalogues/imports/ar.ts'),
      import('./catalogues/breakouts/ar.ts'),
    ]);
    return { ...core.ar, ...facilitation.arFacilitation, ...exports.arExport, ...imports.arImports, ...breakouts.arBreakouts };
  },
};

export function loadCatalogue(language: Language): Promise<Catalogue> {
  return LOADERS[language]();
}

/** Looks up a message and fills `{name}` placeholders. Unknown placeholders stay visible. */
export function translateWith(catalogue: Catalogue, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogue[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

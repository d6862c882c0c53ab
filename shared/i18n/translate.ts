import { en as enCore } from './catalogues/en.ts';
import { enExport } from './catalogues/export/en.ts';
import { enFacilitation } from './catalogues/facilitation/en.ts';
import { enImports } from './catalogues/imports/en.ts';
import { enBoard } from './catalogues/board/en.ts';
import type { Language } from './languages.ts';

const en = { ...enCore, ...enFacilitation, ...enExport, ...enImports, ...enBoard };
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
    const [core, facilitation, exports, imports, board] = await Promise.all([
      import('./catalogues/es.ts'),
      import('./catalogues/facilitation/es.ts'),
      import('./catalogues/export/es.ts'),
      import('./catalogues/imports/es.ts'),
      import('./catalogues/board/es.ts'),
    ]);
    return { ...core.es, ...facilitation.esFacilitation, ...exports.esExport, ...imports.esImports, ...board.esBoard };
  },
  fr: async () => {
    const [core, facilitation, exports, imports, board] = await Promise.all([
      import('./catalogues/fr.ts'),
      import('./catalogues/facilitation/fr.ts'),
      import('./catalogues/export/fr.ts'),
      import('./catalogues/imports/fr.ts'),
      import('./catalogues/board/fr.ts'),
    ]);
    return { ...core.fr, ...facilitation.frFacilitation, ...exports.frExport, ...imports.frImports, ...board.frBoard };
  },
  pt: async () => {
    const [core, facilitation, exports, imports, board] = await Promise.all([
      import('./catalogues/pt.ts'),
      import('./catalogues/facilitation/pt.ts'),
      import('./catalogues/export/pt.ts'),
      import('./catalogues/imports/pt.ts'),
      import('./catalogues/board/pt.ts'),
    ]);
    return { ...core.pt, ...facilitation.ptFacilitation, ...exports.ptExport, ...imports.ptImports, ...board.ptBoard };
  },
  ar: async () => {
    const [core, facilitation, exports, imports, board] = await Promise.all([
      import('./catalogues/ar.ts'),
      import('./catalogues/facilitation/ar.ts'),
      import('./catalogues/export/ar.ts'),
      import('./catalogues/imports/ar.ts'),
      import('./catalogues/board/ar.ts'),
    ]);
    return { ...core.ar, ...facilitation.arFacilitation, ...exports.arExport, ...imports.arImports, ...board.arBoard };
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

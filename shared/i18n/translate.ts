import { en as enCore } from './catalogues/en.ts';
import { es as esCore } from './catalogues/es.ts';
import { fr as frCore } from './catalogues/fr.ts';
import { pt as ptCore } from './catalogues/pt.ts';
import { ar as arCore } from './catalogues/ar.ts';
import { enFacilitation } from './catalogues/facilitation/en.ts';
import { esFacilitation } from './catalogues/facilitation/es.ts';
import { frFacilitation } from './catalogues/facilitation/fr.ts';
import { ptFacilitation } from './catalogues/facilitation/pt.ts';
import { arFacilitation } from './catalogues/facilitation/ar.ts';
import type { Language } from './languages.ts';

const en = { ...enCore, ...enFacilitation };
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

/** One catalogue per language: the core messages plus the facilitation controls' messages. */
export const CATALOGUES: Record<Language, Catalogue> = {
  en,
  es: { ...esCore, ...esFacilitation },
  fr: { ...frCore, ...frFacilitation },
  pt: { ...ptCore, ...ptFacilitation },
  ar: { ...arCore, ...arFacilitation },
};

/** Looks up a message and fills `{name}` placeholders. Unknown placeholders stay visible. */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

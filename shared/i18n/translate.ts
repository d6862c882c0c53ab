import { en, type MessageKey } from './catalogues/en.ts';
import { es } from './catalogues/es.ts';
import { fr } from './catalogues/fr.ts';
import { pt } from './catalogues/pt.ts';
import { ar } from './catalogues/ar.ts';
import type { Language } from './languages.ts';

export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;

export const CATALOGUES: Record<Language, Catalogue> = { en, es, fr, pt, ar };

/** Looks up a message and fills `{name}` placeholders. Unknown placeholders stay visible. */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

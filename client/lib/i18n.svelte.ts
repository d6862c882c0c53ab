import { isLanguage, LANGUAGES, RTL_LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import { translate, type MessageKey } from '../../shared/i18n/translate.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import type { FactorKey } from '../../shared/factors.ts';
import { readStored, writeStored } from './storage.ts';

const LANGUAGE_KEY = 'ib.language';

export type Params = Record<string, string | number>;

/** First supported language among the browser's preferences, else English. */
function preferredLanguage(): Language {
  const stored = readStored(LANGUAGE_KEY);
  if (isLanguage(stored)) return stored;
  const wanted = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** The person's language: remembered, applied to <html lang dir>, and used by every `t()`. */
export class LanguageState {
  #current = $state<Language>('en');

  constructor(initial: Language) {
    this.#apply(initial);
  }

  get current(): Language {
    return this.#current;
  }

  set current(language: Language) {
    writeStored(LANGUAGE_KEY, language);
    this.#apply(language);
  }

  get dir(): 'rtl' | 'ltr' {
    return RTL_LANGUAGES.includes(this.#current) ? 'rtl' : 'ltr';
  }

  readonly languages: readonly Language[] = LANGUAGES;

  t = (key: MessageKey, params?: Params): string => translate(this.#current, key, params);

  #apply(language: Language): void {
    this.#current = language;
    document.documentElement.lang = language;
    document.documentElement.dir = this.dir;
  }
}

export const i18n = new LanguageState(preferredLanguage());

/** Translates a catalogue key in the current language (reactive in templates). */
export const t = i18n.t;

export function errorKey(code: ErrorCode | 'NETWORK'): MessageKey {
  return `error.${code}`;
}

export function factorNameKey(key: FactorKey): MessageKey {
  return `factor.${key}.name`;
}

export function factorMeaningKey(key: FactorKey): MessageKey {
  return `factor.${key}.meaning`;
}

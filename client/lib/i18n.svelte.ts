import { isLanguage, LANGUAGES, RTL_LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import { ENGLISH, loadCatalogue, translateWith, type Catalogue, type MessageKey } from '../../shared/i18n/translate.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import { isFactorKey, type FactorKey } from '../../shared/factors.ts';
import type { Axis, TemplateKey } from '../../shared/board/templates.ts';
import type { Phase, Role } from '../../shared/facilitation/roles.ts';
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
  #catalogue = $state.raw<Catalogue>(ENGLISH);
  #wanted: Language = 'en';
  /** Resolves once the first language's messages are in (the app mounts after it). */
  readonly ready: Promise<void>;

  constructor(initial: Language) {
    this.ready = this.#switchTo(initial);
  }

  get current(): Language {
    return this.#current;
  }

  /** Switches once the language's messages have loaded (English meanwhile stays on screen). */
  set current(language: Language) {
    writeStored(LANGUAGE_KEY, language);
    void this.#switchTo(language);
  }

  get dir(): 'rtl' | 'ltr' {
    return RTL_LANGUAGES.includes(this.#current) ? 'rtl' : 'ltr';
  }

  readonly languages: readonly Language[] = LANGUAGES;

  t = (key: MessageKey, params?: Params): string => translateWith(this.#catalogue, key, params);

  async #switchTo(language: Language): Promise<void> {
    this.#wanted = language;
    let catalogue: Catalogue;
    try {
      catalogue = await loadCatalogue(language);
    } catch {
      return; // offline before the chunk arrived: keep the current language
    }
    if (this.#wanted !== language) return;
    this.#catalogue = catalogue;
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

export function phaseKey(phase: Phase): MessageKey {
  return `phase.${phase}`;
}

export function roleKey(role: Role): MessageKey {
  return `role.${role}`;
}

export function templateKey(template: TemplateKey): MessageKey {
  return `template.${template}`;
}

/** Built-in columns and rows whose names come from the catalogue (custom axes bring a label). */
const BUILT_IN_AXES: Record<string, MessageKey> = {
  strengths: 'axis.strengths',
  gaps: 'axis.gaps',
  culture: 'axis.culture',
  sub_culture: 'axis.sub_culture',
  culture_of_integrity: 'axis.culture_of_integrity',
  culture_of_leadership: 'axis.culture_of_leadership',
  definitions: 'axis.definitions',
};

/** The name of a board row or column in the current language: its own label, a factor's name, or a built-in name. */
export function axisLabel(axis: Axis): string {
  if (axis.label) return axis.label;
  if (isFactorKey(axis.key)) return t(factorNameKey(axis.key));
  const key = BUILT_IN_AXES[axis.key];
  return key ? t(key) : axis.key;
}

/** "1 vote" / "{count} votes" in the current language. */
export function votesLabel(count: number): string {
  return count === 1 ? t('votes.one') : t('votes.count', { count });
}

import { isLanguage, LANGUAGES, RTL_LANGUAGES, type Language } from '../../shared/i18n/languages.ts';
import {
  fillPlaceholders,
  loadParticipantMessages,
  loadStaffMessages,
  PARTICIPANT_ENGLISH,
  type Catalogue,
  type MessageKey,
} from '../../shared/i18n/messages.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import { isFactorKey, type FactorKey } from '../../shared/factors.ts';
import type { Axis, TemplateKey } from '../../shared/board/templates.ts';
import type { Phase, Role } from '../../shared/facilitation/roles.ts';
import { readStored, writeStored } from './storage.ts';
import { isolatedMessage, messageParts, type MessagePart } from '../../shared/i18n/isolate.ts';

const LANGUAGE_KEY = 'ib.language';

export type Params = Record<string, string | number>;

/** The supported languages among the browser's preferences, best first. */
function browserLanguages(): Language[] {
  const wanted = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return wanted.map((tag) => tag.toLowerCase().split('-')[0]).filter(isLanguage);
}

/** The language the person chose in this browser, if they ever did. */
function chosenLanguage(): Language | null {
  const stored = readStored(LANGUAGE_KEY);
  return isLanguage(stored) ? stored : null;
}

/** The person's own choice, else the first supported language among the browser's preferences, else English. */
function preferredLanguage(): Language {
  return chosenLanguage() ?? browserLanguages()[0] ?? 'en';
}

/** The person's language: remembered, applied to <html lang dir>, and used by every `t()`. */
export class LanguageState {
  #current = $state<Language>('en');
  /** The language's messages over English's, so a message is never missing (staff ones once loaded). */
  #catalogue = $state.raw<Catalogue>(PARTICIPANT_ENGLISH as Catalogue);
  #wanted: Language = 'en';
  /** Set once a screen that shows staff messages loads them: every later language brings them too. */
  #staff: Promise<void> | null = null;
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

  t = (key: MessageKey, params?: Params): string => fillPlaceholders(this.#catalogue[key] ?? key, params);

  /** The message split around its filled-in values, each to be shown in a <bdi> (see Translated.svelte). */
  parts = (key: MessageKey, params?: Params): MessagePart[] => messageParts(this.#catalogue, key, params);

  /** The message as plain text with filled-in strings isolated (FSI…PDI): for document titles and other plain text. */
  isolated = (key: MessageKey, params?: Params): string => isolatedMessage(this.#catalogue, key, params);

  /**
   * A workshop's languages set the default: unless the person chose a language in this browser
   * (that choice always wins), the page switches to one of them — the browser's own when it is
   * one of them, else the workshop's first.
   */
  adoptWorkshopLanguages(languages: readonly string[]): void {
    if (chosenLanguage()) return;
    const offered = languages.filter(isLanguage);
    if (offered.length === 0) return;
    const language = browserLanguages().find((l) => offered.includes(l)) ?? offered[0]!;
    if (language !== this.#wanted) void this.#switchTo(language);
  }

  /**
   * Loads the staff messages (facilitation panel, exports, imports, breakout controls, home forms)
   * in the current language; resolves once `t()` has them. Rejects when offline before they arrived.
   */
  loadStaff(): Promise<void> {
    this.#staff ??= this.#switchTo(this.#wanted, true).catch((error: unknown) => {
      this.#staff = null; // try again next time
      throw error;
    });
    return this.#staff;
  }

  /** The latest switch: an older one that finishes late waits for it instead of applying its messages. */
  #latest: Promise<void> = Promise.resolve();

  #switchTo(language: Language, staffWanted = false): Promise<void> {
    const withStaff = staffWanted || this.#staff !== null;
    this.#wanted = language;
    let switching: Promise<void> = Promise.resolve();
    switching = (async (): Promise<void> => {
      let catalogue: Catalogue;
      try {
        const [own, staffEnglish, staffOwn] = await Promise.all([
          loadParticipantMessages(language),
          withStaff ? loadStaffMessages('en') : {},
          withStaff && language !== 'en' ? loadStaffMessages(language) : {},
        ]);
        catalogue = { ...PARTICIPANT_ENGLISH, ...staffEnglish, ...own, ...staffOwn } as Catalogue;
      } catch (error) {
        if (staffWanted) throw error;
        return; // offline before the chunk arrived: keep the current language
      }
      if (switching !== this.#latest) return this.#latest;
      // Staff messages already in stay (a switch started before they were wanted brings none).
      this.#catalogue = withStaff ? catalogue : { ...this.#catalogue, ...catalogue };
      this.#current = language;
      document.documentElement.lang = language;
      document.documentElement.dir = this.dir;
    })();
    this.#latest = switching;
    return switching;
  }
}

export const i18n = new LanguageState(preferredLanguage());

/**
 * Loads a screen's code together with the staff messages it shows: use for every lazy screen that
 * names staff keys (tests/unit/participantMessages.test.ts lists them).
 */
export async function withStaffMessages<T>(load: Promise<T>): Promise<T> {
  const [module] = await Promise.all([load, i18n.loadStaff()]);
  return module;
}

/** Translates a catalogue key in the current language (reactive in templates). */
export const t = i18n.t;
/** A message with its filled-in values isolated, as plain text (document.title). */
export const tIsolated = i18n.isolated;

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

import type { Catalogue, MessageKey } from './messages.ts';

/** First Strong Isolate … Pop Directional Isolate: the marks that isolate text where no <bdi> can go (titles, plain text). */
export const FSI = '\u2068';
export const PDI = '\u2069';

export function isolateText(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/** A piece of a translated message: the translation's own words, or a filled-in value to isolate. */
export interface MessagePart {
  text: string;
  /** A value filled into the message (a title, a name): shown in its own direction, in a <bdi>. */
  isolated: boolean;
}

/**
 * A message split around its placeholders, so each value can sit in a <bdi>: a Latin title in an
 * Arabic sentence keeps its own direction, and the quotes and separators around it stay in place.
 * Numbers are not isolated (they take the sentence's direction correctly). Unknown placeholders stay visible.
 */
export function messageParts(catalogue: Catalogue, key: MessageKey, params: Record<string, string | number> = {}): MessagePart[] {
  // The browser's catalogue has English under every language (client/lib/i18n.svelte.ts), the server's is whole.
  const template = catalogue[key] ?? key;
  const parts: MessagePart[] = [];
  const push = (text: string, isolated: boolean) => {
    if (text === '') return;
    const last = parts.at(-1);
    if (last && !last.isolated && !isolated) last.text += text;
    else parts.push({ text, isolated });
  };
  let at = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    push(template.slice(at, match.index), false);
    const name = match[1]!;
    const value = params[name];
    if (value === undefined) push(match[0], false);
    else push(String(value), typeof value === 'string');
    at = match.index + match[0].length;
  }
  push(template.slice(at), false);
  return parts;
}

/** The message as plain text with every filled-in string isolated by FSI/PDI (document titles, <option>, `title`). */
export function isolatedMessage(catalogue: Catalogue, key: MessageKey, params: Record<string, string | number> = {}): string {
  return messageParts(catalogue, key, params)
    .map((part) => (part.isolated ? isolateText(part.text) : part.text))
    .join('');
}

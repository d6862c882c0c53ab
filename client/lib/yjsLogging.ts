/**
 * What Yjs uses of `lib0/logging` (a few colours, `print`, `warn`), for the browser build only
 * (vite.config.ts aliases it). lib0's browser logger pulls in its DOM helpers and schema library,
 * about 3 kB gzipped, for two rare console warnings.
 */
type Part = string | symbol | object | number | boolean | undefined | null;

export const BOLD = Symbol('bold');
export const UNBOLD = Symbol('unbold');
export const RED = Symbol('red');
export const ORANGE = Symbol('orange');

const text = (parts: Part[]): unknown[] => parts.filter((part) => typeof part !== 'symbol');

export const print = (...parts: Part[]): void => console.log(...text(parts));
export const warn = (...parts: Part[]): void => console.warn(...text(parts));

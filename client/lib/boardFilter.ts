import type { NoteColour } from '../../shared/board/types.ts';
import type { ViewNote } from './optimistic.ts';

/** What one person narrows the board to: words in the text, an author, a colour. Empty = everything. */
export interface NoteFilter {
  text: string;
  author: string;
  colour: NoteColour | '';
}

export const EMPTY_FILTER: NoteFilter = { text: '', author: '', colour: '' };

export function isFiltering(filter: NoteFilter): boolean {
  return filter.text.trim() !== '' || filter.author !== '' || filter.colour !== '';
}

/** Case- and accent-insensitive, so "gestion" finds "Gestión" and "ETICA" finds "ética". */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/**
 * Whether a note passes the filter. A stack's top also passes when a note under it matches, so
 * that searching never hides a matching text inside a stack.
 */
export function noteMatches(note: { text: string; authorName: string | null; colour: NoteColour }, filter: NoteFilter, stacked: readonly { text: string; authorName: string | null }[] = []): boolean {
  if (filter.colour !== '' && note.colour !== filter.colour) return false;
  const all = [note, ...stacked];
  if (filter.author !== '' && !all.some((n) => n.authorName === filter.author)) return false;
  const words = foldForSearch(filter.text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  return all.some((n) => {
    const haystack = foldForSearch(`${n.text} ${n.authorName ?? ''}`);
    return words.every((w) => haystack.includes(w));
  });
}

/** Most votes first; equal counts keep the board's order (the sort is stable). */
export function sortByVotes(notes: readonly ViewNote[], counts: Readonly<Record<string, number>>): ViewNote[] {
  return [...notes].sort((a, b) => (counts[b.note.id] ?? 0) - (counts[a.note.id] ?? 0));
}

/** Authors who wrote at least one of these notes, sorted for a picker. */
export function authorsOf(notes: readonly { authorName: string | null }[]): string[] {
  const names = new Set<string>();
  for (const n of notes) if (n.authorName) names.add(n.authorName);
  return [...names].sort((a, b) => a.localeCompare(b));
}

import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { NoteColour } from '../../shared/board/types.ts';
import { readStored, writeStored } from './storage.ts';
import { EMPTY_FILTER, type NoteFilter } from './boardFilter.ts';

const COLLAPSED_KEY = 'ib.collapsedRows';
const PANEL_KEY = 'ib.facilitationPanel';

function readCollapsed(): Set<string> {
  try {
    const parsed: unknown = JSON.parse(readStored(COLLAPSED_KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string').slice(0, 500) : []);
  } catch {
    return new Set();
  }
}

/**
 * What one person is doing on the board right now that nobody else sees: notes selected for
 * grouping or merging (facilitators), the note being dragged, whether results are shown, the
 * search and filters, the sort, folded rows (remembered per browser) and the keyboard position.
 */
export class BoardUi {
  readonly selected = new SvelteSet<string>();
  dragging = $state<{ noteId: string; boardId: string; row: string; column: string } | null>(null);
  showResults = $state(false);
  filter = $state<NoteFilter>({ ...EMPTY_FILTER });
  sortByVotes = $state(false);
  shortcutsOpen = $state(false);
  /** Facilitation panel beside the board (wide screens); remembered per browser. */
  panelShown = $state(readStored(PANEL_KEY) !== 'hidden');
  /** `boardId:row` of folded rows. */
  readonly #collapsed = new SvelteSet<string>(readCollapsed());
  /** Per cell (`row:column`), the key of the item that holds the cell's one Tab stop. */
  readonly activeItem = new SvelteMap<string, string>();

  toggle(noteId: string, on: boolean): void {
    if (on) this.selected.add(noteId);
    else this.selected.delete(noteId);
  }

  clear(noteIds: Iterable<string>): void {
    for (const id of noteIds) this.selected.delete(id);
  }

  isCollapsed(boardId: string, row: string): boolean {
    return this.#collapsed.has(`${boardId}:${row}`);
  }

  setCollapsed(boardId: string, row: string, collapsed: boolean): void {
    const key = `${boardId}:${row}`;
    if (collapsed) this.#collapsed.add(key);
    else this.#collapsed.delete(key);
    writeStored(COLLAPSED_KEY, JSON.stringify([...this.#collapsed]));
  }

  setPanelShown(shown: boolean): void {
    this.panelShown = shown;
    writeStored(PANEL_KEY, shown ? 'shown' : 'hidden');
  }

  setColour(colour: NoteColour | ''): void {
    this.filter = { ...this.filter, colour };
  }

  clearFilter(): void {
    this.filter = { ...EMPTY_FILTER };
  }
}

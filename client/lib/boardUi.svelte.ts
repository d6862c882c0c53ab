import { SvelteSet } from 'svelte/reactivity';

/**
 * What one person is doing on the board right now that nobody else sees: notes selected for
 * grouping or merging (facilitators), the note being dragged, and whether results are shown.
 */
export class BoardUi {
  readonly selected = new SvelteSet<string>();
  dragging = $state<{ noteId: string; boardId: string; row: string; column: string } | null>(null);
  showResults = $state(false);

  toggle(noteId: string, on: boolean): void {
    if (on) this.selected.add(noteId);
    else this.selected.delete(noteId);
  }

  clear(noteIds: Iterable<string>): void {
    for (const id of noteIds) this.selected.delete(id);
  }
}

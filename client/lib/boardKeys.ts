/**
 * Roving focus on the board: each cell (`[data-cell]`, with `data-row-index` and `data-col-index`)
 * holds items (`[data-rove]`: its notes and its "Add note" button) of which one is a Tab stop.
 * Arrows move between the items of a cell and on to the cells around it.
 */

function items(cell: Element): HTMLElement[] {
  return [...cell.querySelectorAll<HTMLElement>('[data-rove]')].filter((el) => el.closest('[data-cell]') === cell);
}

function position(cell: Element): { row: number; col: number } {
  return { row: Number(cell.getAttribute('data-row-index')), col: Number(cell.getAttribute('data-col-index')) };
}

/** The nearest cell in a direction that has something to focus (folded rows have no cells). */
function neighbour(grid: Element, from: Element, rowStep: number, colStep: number): Element | null {
  const here = position(from);
  const cells = [...grid.querySelectorAll('[data-cell]')].filter((c) => items(c).length > 0);
  let best: Element | null = null;
  let bestDistance = Infinity;
  for (const cell of cells) {
    const p = position(cell);
    const dr = p.row - here.row;
    const dc = p.col - here.col;
    const ok = rowStep !== 0 ? Math.sign(dr) === rowStep && dc === 0 : dr === 0 && Math.sign(dc) === colStep;
    const distance = Math.abs(dr) + Math.abs(dc);
    if (ok && distance < bestDistance) {
      best = cell;
      bestDistance = distance;
    }
  }
  return best;
}

/** Moves focus for an arrow, Home or End pressed on a board item. Returns whether it handled the key. */
export function moveBoardFocus(event: KeyboardEvent, grid: Element, dir: 'ltr' | 'rtl'): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  const target = event.target instanceof HTMLElement ? event.target : null;
  if (!target?.hasAttribute('data-rove')) return false;
  const cell = target.closest('[data-cell]');
  if (!cell) return false;
  const list = items(cell);
  const index = list.indexOf(target);
  const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
  const back = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
  let next: HTMLElement | undefined;
  switch (event.key) {
    case 'ArrowDown':
      next = list[index + 1] ?? first(neighbour(grid, cell, 1, 0));
      break;
    case 'ArrowUp':
      next = list[index - 1] ?? last(neighbour(grid, cell, -1, 0));
      break;
    case forward:
    case back: {
      const other = neighbour(grid, cell, 0, event.key === forward ? 1 : -1);
      if (other) {
        const there = items(other);
        next = there[Math.min(index, there.length - 1)];
      }
      break;
    }
    case 'Home':
      next = list[0];
      break;
    case 'End':
      next = list[list.length - 1];
      break;
    default:
      return false;
  }
  event.preventDefault();
  if (next) {
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  }
  return true;
}

function first(cell: Element | null): HTMLElement | undefined {
  return cell ? items(cell)[0] : undefined;
}

function last(cell: Element | null): HTMLElement | undefined {
  if (!cell) return undefined;
  const list = items(cell);
  return list[list.length - 1];
}

/** A key typed into a field must never trigger a board shortcut. */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [role="menu"], dialog') !== null;
}

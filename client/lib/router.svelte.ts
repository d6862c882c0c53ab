/** Routes by pathname: `/` home, `/b/<id>` a board, anything else not found. */
export type Route = { name: 'home' } | { name: 'board'; boardId: string } | { name: 'notFound' };

export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const match = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] && BOARD_ID_PATTERN.test(match[1])) return { name: 'board', boardId: match[1] };
  return { name: 'notFound' };
}

export function boardPath(boardId: string): string {
  return `/b/${boardId}`;
}

/** Reads a board id from a pasted id, path or full link; null when there is none. */
export function boardIdFromInput(input: string): string | null {
  const text = input.trim();
  if (BOARD_ID_PATTERN.test(text)) return text;
  let pathname = text;
  try {
    pathname = new URL(text, window.location.origin).pathname;
  } catch {
    return null;
  }
  const route = parseRoute(pathname);
  return route.name === 'board' ? route.boardId : null;
}

export class Router {
  #path = $state(window.location.pathname);
  route = $derived(parseRoute(this.#path));

  constructor() {
    window.addEventListener('popstate', () => {
      this.#path = window.location.pathname;
    });
  }

  get path(): string {
    return this.#path;
  }

  navigate(path: string, { replace = false } = {}): void {
    if (path === this.#path) return;
    if (replace) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
    this.#path = path;
    window.scrollTo(0, 0);
  }
}

export const router = new Router();

/** Routes by pathname: `/` home, `/w/<id>` a workshop, anything else not found. */
export type Route = { name: 'home' } | { name: 'workshop'; workshopId: string } | { name: 'notFound' };

export const WORKSHOP_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const match = /^\/w\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1] && WORKSHOP_ID_PATTERN.test(match[1])) return { name: 'workshop', workshopId: match[1] };
  return { name: 'notFound' };
}

export function workshopPath(workshopId: string): string {
  return `/w/${workshopId}`;
}

/** The role link's secret in the address fragment (`#k=<secret>`), if any. */
export function readLinkSecret(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const secret = params.get('k');
  return secret && SECRET_PATTERN.test(secret) ? secret : null;
}

/** The home page with a join code filled in (what the invite screen's QR code opens). */
export function joinCodeUrl(origin: string, code: string): string {
  return `${origin.replace(/\/$/, '')}/?code=${encodeURIComponent(code)}`;
}

/** A join code from the address (`/?code=ABCD234`), if it looks like one. */
export function readJoinCode(): string {
  const code = new URLSearchParams(window.location.search).get('code') ?? '';
  return /^[A-Za-z0-9 -]{4,16}$/.test(code) ? code : '';
}

/** A personal link's secret in the address fragment (`#d=<secret>`): opens one's own session on this device. */
export function readDeviceSecret(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const secret = params.get('d');
  return secret && SECRET_PATTERN.test(secret) ? secret : null;
}

/** Removes the secret from the address bar and history once it has been exchanged for a session. */
export function dropLinkSecret(): void {
  if (!window.location.hash) return;
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
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

  /** In-app navigation; `to` may carry a fragment (a role link), which is kept in the address. */
  navigate(to: string, { replace = false } = {}): void {
    const url = new URL(to, window.location.origin);
    const target = url.pathname + url.search + url.hash;
    if (target === window.location.pathname + window.location.search + window.location.hash) return;
    if (replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    this.#path = url.pathname;
    window.scrollTo(0, 0);
  }
}

export const router = new Router();

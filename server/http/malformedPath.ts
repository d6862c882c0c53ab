import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.ts';

/** The REST answer to a path that cannot be decoded (like `NOT_FOUND`, never shown to a person). */
export const INVALID_PATH = 'INVALID_PATH';

/** A bad percent-escape in a route parameter or a static file path (the router throws URIError). */
function isMalformedPath(err: unknown): boolean {
  return err instanceof URIError;
}

/**
 * Answers a malformed path 400 `INVALID_PATH` (JSON under `/api`, plain text elsewhere) with a
 * warning line and no stack: the fault is in the request, not in the server.
 */
export function refuseMalformedPath(log: Logger, as: 'json' | 'text'): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (!isMalformedPath(err)) return next(err);
    log.warn({ method: req.method, path: req.originalUrl.split('?')[0]!.slice(0, 200) }, 'malformed request path refused');
    if (res.headersSent) return void res.end();
    if (as === 'json') res.status(400).json({ error: INVALID_PATH });
    else res.status(400).type('text/plain').send('Bad Request');
  };
}

/** Anything else that failed outside `/api`: a plain 500 without the stack Express shows by default. */
export const pageError =
  (log: Logger): ErrorRequestHandler =>
  (err: unknown, _req, res, _next) => {
    log.error({ err }, 'page request failed');
    if (res.headersSent) return void res.end();
    res.status(500).type('text/plain').send('Internal Server Error');
  };

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

/** Body parser failures caused by the request (aborted, bad charset, unreadable length), beyond the JSON and size cases. */
const UNREADABLE_BODY = new Set(['request.aborted', 'encoding.unsupported', 'charset.unsupported', 'request.size.invalid', 'stream.encoding.set', 'entity.verify.failed']);

/** Answers a body the client broke with 400 `INVALID_PAYLOAD` (when the socket is still there) and a debug line. */
export function refuseUnreadableBody(log: Logger): ErrorRequestHandler {
  return (err: { type?: unknown; status?: unknown }, req, res, next) => {
    if (typeof err?.type !== 'string' || !UNREADABLE_BODY.has(err.type)) return next(err);
    log.debug({ method: req.method, type: err.type }, 'unreadable request body refused');
    if (res.headersSent || !res.writable) return void res.end();
    res.status(typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 400).json({ error: 'INVALID_PAYLOAD' });
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

import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { pageError, refuseMalformedPath, refuseUnreadableBody } from './malformedPath.ts';
import { noStore, securityHeaders } from './securityHeaders.ts';
import { StoreUnavailableError } from '../storage/StoreUnavailableError.ts';
import type { Readiness } from './readiness.ts';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';
import { metricsRoute } from './metricsRoute.ts';
import { cipsRoutes } from './cipsRoutes.ts';
import { exportRoutes } from './exportRoutes.ts';
import { workshopImportRoutes } from './workshopImportRoutes.ts';
import { workshopsRoutes, type WorkshopsRoutesOptions } from './workshopsRoutes.ts';

export interface HttpAppOptions extends WorkshopsRoutesOptions {
  clientDir: string;
  /** Reverse proxies in front of the server (0: use the socket's address). */
  trustProxy: number;
  storeHealthy: () => boolean;
  /** Prometheus metrics served at `/metrics` (with `metricsToken`, only to its bearer). */
  metrics?: ServerMetrics;
  metricsToken?: string | undefined;
  /** Asks the store now; without it, readyz reports `storeHealthy`. */
  readiness?: () => Promise<Readiness>;
}

/** Express: `/api/*` as JSON, the built client for everything else. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy > 0) app.set('trust proxy', options.trustProxy);
  app.use(securityHeaders(options.services.publicUrl));

  if (options.metrics) app.get('/metrics', metricsRoute(options.metrics, options.metricsToken));

  const api = express.Router();
  api.use(noStore);
  // Imports read their own (larger, non-JSON) bodies, so they come before the 16 kB JSON parser.
  api.use(cipsRoutes(options.services, (token) => options.sessions.authenticate(token)));
  api.use(workshopImportRoutes(options.services, options.limits.workshopsPerAddressPerHour));
  api.use(express.json({ limit: '16kb' }));
  api.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  api.get('/readyz', async (_req, res) => {
    const store = options.storeHealthy();
    const report = options.readiness ? await options.readiness() : { ok: store, store: store ? 'up' : 'down' };
    res.status(report.ok ? 200 : 503).json(report);
  });
  api.use(workshopsRoutes(options));
  api.use(exportRoutes(options));
  api.use((_req, res) => {
    res.status(404).json({ error: 'NOT_FOUND' });
  });
  const onError: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, _next) => {
    if (err.type === 'entity.parse.failed' || err.type === 'entity.too.large') {
      res.status(err.status ?? 400).json({ error: 'INVALID_PAYLOAD' });
      return;
    }
    if (err instanceof StoreUnavailableError || !options.storeHealthy()) {
      res.status(503).json({ error: 'STORE_UNAVAILABLE' });
      return;
    }
    options.services.log.error({ err }, 'http request failed');
    res.status(500).json({ error: 'INTERNAL' });
  };
  api.use(refuseMalformedPath(options.services.log, 'json'));
  api.use(refuseUnreadableBody(options.services.log));
  api.use(onError);
  app.use('/api', api);

  const indexHtml = path.join(options.clientDir, 'index.html');
  app.use(
    express.static(options.clientDir, {
      index: false,
      maxAge: '1h',
      // The service worker is checked for updates on every visit: a stale one would keep an old build.
      setHeaders: (res, file) => {
        if (path.basename(file) === 'sw.js') res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get('/{*splat}', (_req, res) => {
    if (!existsSync(indexHtml)) {
      res.status(503).type('text/plain').send('The client is not built yet: run `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    // Relative to `root`: send refuses absolute paths with a dot component (an install under ~/.local).
    res.sendFile('index.html', { root: options.clientDir });
  });
  app.use(refuseMalformedPath(options.services.log, 'text'));
  app.use(pageError(options.services.log));
  return app;
}

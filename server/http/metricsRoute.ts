import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ServerMetrics } from '../metrics/ServerMetrics.ts';

/** `GET /metrics` in Prometheus text format; with `token` set, only for `Authorization: Bearer <token>`. */
export function metricsRoute(metrics: ServerMetrics, token: string | undefined): RequestHandler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return async (req, res) => {
    if (expected) {
      const given = Buffer.from(req.get('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).type('text/plain').send('metrics need the METRICS_TOKEN bearer token\n');
        return;
      }
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

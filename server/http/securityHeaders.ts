import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Browser features the board never uses, switched off for it and anything it might embed.
 * Only features Chromium recognises: an unknown name is a console error on every page.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** A Host header made only of host-name characters (anything else is not echoed into a header). */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** `ws://host` for `http://host`, `wss://host` for `https://host`; null for anything else. */
export function webSocketOrigin(httpOrigin: string): string | null {
  try {
    const url = new URL(httpOrigin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`;
  } catch {
    return null;
  }
}

/**
 * WebSocket origins the page may open: the public address's, and the one the browser used to reach
 * this server (CSP Level 3 lets `'self'` match same-host ws: and wss:, older engines do not).
 */
function webSocketSources(req: IncomingMessage, publicUrl: string): string[] {
  const sources = new Set<string>();
  const fromPublic = webSocketOrigin(publicUrl);
  if (fromPublic) sources.add(fromPublic);
  const host = req.headers.host;
  if (host && PLAIN_HOST.test(host)) {
    const secure = (req as { secure?: boolean }).secure === true;
    sources.add(`${secure ? 'wss' : 'ws'}://${host}`);
  }
  return [...sources];
}

/**
 * Every HTTP answer's security headers: a strict Content-Security-Policy (no inline script or style:
 * the Vite build has none, Svelte sets `style:` directives through CSSOM and runs transitions with
 * the Web Animations API, neither of which CSP governs), no framing, no opener across origins,
 * no referrer, no sniffing, browser features off. HSTS only when the public address is HTTPS.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  const connectSources = (req: IncomingMessage, _res: ServerResponse) => webSocketSources(req, publicUrl).join(' ');
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'"],
        'style-src-attr': ["'none'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'", connectSources],
        'worker-src': ["'self'"],
        'manifest-src': ["'self'"],
        'media-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    headers(req, res, next);
  };
}

/** Answers that may carry a session, a secret or a person's data are never stored by a browser or proxy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeDataDir, removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, openSession, type Person, type TestWorkshop } from '../helpers/workshops.ts';

let server: TestServer;
let clientDir: string;
let workshop: TestWorkshop;
let facilitator: Person;

beforeAll(async () => {
  clientDir = await makeDataDir();
  await mkdir(path.join(clientDir, 'assets'));
  await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Integrity Board</title>');
  await writeFile(path.join(clientDir, 'assets', 'app.js'), 'console.log(1);');
  server = await startTestServer({ clientDir });
  workshop = await createWorkshop(server);
  facilitator = await openSession(server, workshop, 'facilitator', 'María');
});
afterAll(async () => {
  await server.close();
  await removeDataDir(server.dataDir);
  await removeDataDir(clientDir);
});

async function headersOf(pathname: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers }> {
  const res = await fetch(`${server.url}${pathname}`, init);
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers };
}

/** The policy as directive → sources. */
function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('every answer carries the security headers', () => {
  const answers: Array<[string, () => Promise<{ status: number; headers: Headers }>]> = [
    ['the home page', () => headersOf('/')],
    ['a client route', () => headersOf('/w/some-workshop')],
    ['a static asset', () => headersOf('/assets/app.js')],
    ['an API answer without a session', () => headersOf('/api/health')],
    ['an API answer refused for lack of a session', () => headersOf(`/api/workshops/${workshop.id}`)],
    ['an authenticated API answer', () => headersOf(`/api/workshops/${workshop.id}`, bearer(facilitator.token))],
    ['an unknown API path', () => headersOf('/api/nothing-here')],
  ];

  test.each(answers)('%s has a strict Content-Security-Policy', async (_name, get) => {
    const csp = directives((await get()).headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('style-src-attr')).toEqual(["'none'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    const host = new URL(server.url).host;
    expect(csp.get('connect-src')).toEqual(expect.arrayContaining(["'self'", `ws://${host}`]));
    for (const sources of csp.values()) {
      expect(sources).not.toContain("'unsafe-inline'");
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain('*');
    }
  });

  test.each(answers)('%s forbids framing, sniffing, referrers, cross-origin openers and browser features', async (_name, get) => {
    const { headers } = await get();
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const permissions = headers.get('permissions-policy') ?? '';
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(permissions).toContain(`${feature}=()`);
    expect(headers.get('x-powered-by')).toBeNull();
    // Plain HTTP deployment: no HSTS, no upgrade of requests.
    expect(headers.get('strict-transport-security')).toBeNull();
    expect(directives(headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(false);
  });
});

describe('caching', () => {
  test('an authenticated API answer, and one refused, are never stored', async () => {
    const allowed = await headersOf(`/api/workshops/${workshop.id}`, bearer(facilitator.token));
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('cache-control')).toBe('no-store');
    const refused = await headersOf(`/api/workshops/${workshop.id}`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  test('answers carrying secrets (a new workshop, a new session) are never stored', async () => {
    const created = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Cache test' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const body = (await created.json()) as { id: string; links: { participant: string } };
    const session = await fetch(`${server.url}/api/workshops/${body.id}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: new URL(body.links.participant).hash.slice(3), displayName: 'Ana', administration: 'SENAE' }),
    });
    expect(session.status).toBe(201);
    expect(session.headers.get('cache-control')).toBe('no-store');
  });

  test('static assets stay cacheable and the page itself is revalidated', async () => {
    expect((await headersOf('/assets/app.js')).headers.get('cache-control')).toMatch(/max-age=3600/);
    expect((await headersOf('/')).headers.get('cache-control')).toBe('no-cache');
  });
});

test('a Host header that is not a plain host name is not echoed into the policy', async () => {
  const { request } = await import('node:http');
  const csp = await new Promise<string>((resolve, reject) => {
    const req = request(`${server.url}/`, { headers: { host: "evil;script-src 'unsafe-inline'" } }, (res) => {
      res.resume();
      resolve(String(res.headers['content-security-policy']));
    });
    req.on('error', reject);
    req.end();
  });
  expect(csp).not.toContain('evil');
  expect(csp).not.toContain("'unsafe-inline'");
});

import type { FuzzContext } from '../fuzzServer.ts';
import type { FuzzTarget, Outcome } from '../harness.ts';
import { describe } from '../harness.ts';
import { hostileString, hostileValue, mutateBytes } from '../mutate.ts';
import type { Prng } from '../prng.ts';
import { errorCodeOf, percentEncode, rawExchange, statusOf } from '../rawExchange.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

function restPath(rng: Prng, context: FuzzContext): string {
  const id = context.workshop.id;
  const segment = (base: string) => (rng.chance(0.6) ? base : rng.chance(0.5) ? percentEncode(hostileString(rng, base)) : hostileString(rng, base));
  const paths = [
    () => '/api/workshops',
    () => `/api/workshops/${segment(id)}`,
    () => `/api/workshops/${segment(id)}/sessions`,
    () => '/api/join',
    () => `/api/workshops/${segment(id)}/${rng.pick(['device-links', 'device-sessions'])}`,
    () => `/api/workshops/${segment(id)}/links`,
    () => `/api/workshops/${segment(id)}/links/${segment('link0000000001')}/${rng.pick(['revoke', 'rotate', segment('x')])}`,
    () => rng.pick(['/api/health', '/api/readyz', '/api/', '/api']),
    () => `/api/${segment('anything')}`,
    () => `/${segment('w')}/${segment(id)}`,
    () => `/assets/${segment('index.js')}`,
  ];
  let path = rng.pick(paths)();
  if (rng.chance(0.3)) path += `?${rng.chance(0.5) ? percentEncode(hostileString(rng)) : hostileString(rng)}=${hostileString(rng)}`;
  return path;
}

function restBody(rng: Prng, context: FuzzContext): Buffer {
  const pool = {
    keys: ['title', 'secret', 'displayName', 'administration', 'code', 'role', 'label', 'anonymous', 'template', 'rows', 'columns', 'languages', 'dates', 'description', 'key'],
    values: [context.workshop.secrets.participant, context.workshop.joinCode, 'SENAE', 'Ana', 'custom', 'arusha', 'participant', 'facilitator', context.workshop.id],
  };
  switch (rng.int(5)) {
    case 0:
      return Buffer.alloc(0);
    case 1:
      return Buffer.from(JSON.stringify(hostileValue(rng, pool)) ?? 'null');
    case 2:
      return Buffer.from(mutateBytes(rng, Buffer.from(JSON.stringify({ secret: context.workshop.secrets.participant, displayName: 'Ana', administration: 'SENAE' }))));
    case 3:
      return Buffer.from(rng.bytes(rng.length(rng.chance(0.1) ? 40_000 : 512)));
    default:
      return Buffer.from(JSON.stringify({ title: hostileString(rng, 'Workshop'), ...(hostileValue(rng, pool, 2) as object) }));
  }
}

function restRequest(rng: Prng, context: FuzzContext): { request: Buffer; incomplete: boolean } {
  const method = rng.chance(0.95) ? rng.pick(METHODS) : hostileString(rng, 'GET');
  const body = restBody(rng, context);
  const headers = [`Host: 127.0.0.1`, `Connection: close`];
  if (rng.chance(0.7)) headers.push(`Content-Type: ${rng.chance(0.8) ? 'application/json' : hostileString(rng, 'application/json')}`);
  if (rng.chance(0.5)) headers.push(`Authorization: Bearer ${rng.pick([context.tokens.facilitator, context.tokens.participant, hostileString(rng, context.tokens.observer)])}`);
  const declared = rng.chance(0.95) ? body.length : rng.pick([0, body.length + 5, -1, 'abc']);
  if (body.length || rng.chance(0.5)) headers.push(`Content-Length: ${declared}`);
  const chunked = rng.chance(0.1);
  if (chunked) headers.push('Transfer-Encoding: chunked');
  if (rng.chance(0.1)) headers.push(`${hostileString(rng, 'X-A')}: ${hostileString(rng)}`);
  const request = Buffer.concat([Buffer.from(`${method} ${restPath(rng, context)} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
  return { request, incomplete: chunked || declared !== body.length };
}

/** REST paths, query strings, headers and bodies over raw TCP: every answer is a status, and every refusal under /api has an error code. */
export const restTarget: FuzzTarget<FuzzContext> = {
  name: 'REST',
  async run(rng, context) {
    const { request, incomplete } = restRequest(rng, context);
    const answer = await rawExchange(context.port, request, context.timeoutMs, incomplete);
    const input = describe(request.toString('latin1'));
    if (answer.timedOut) return { input, outcome: { kind: 'hang', detail: 'no answer or close' } };
    // A client that ends its side first gets no answer to a request still in progress: Node's documented behaviour.
    if (incomplete && answer.bytes.length === 0) return { input, outcome: { kind: 'refused', name: 'CLIENT_ENDED_FIRST' } };
    return { input, outcome: restOutcome(request, answer.bytes) };
  },
};

function restOutcome(request: Buffer, answer: Buffer): Outcome {
  const status = statusOf(answer);
  if (status === null) return { kind: 'unnamed', detail: answer.length ? 'not HTTP' : 'closed without an answer' };
  if (status >= 500 && status !== 503) return { kind: 'crash', detail: `HTTP ${status} ${answer.subarray(0, 200).toString('latin1')}` };
  if (status < 400) return { kind: 'accepted' };
  const code = errorCodeOf(answer);
  if (code) return { kind: 'refused', name: `${status} ${code}` };
  const requestLine = request.subarray(0, request.indexOf('\r\n')).toString('latin1');
  // Outside /api (pages, or requests the HTTP parser refused before any route) a status is the name.
  const underApi = / \/api(\/|\?| |$)/.test(requestLine) && !requestLine.startsWith('HEAD ');
  if (!underApi || status === 400 || status === 431) return { kind: 'refused', name: `HTTP ${status}` };
  return { kind: 'unnamed', detail: `HTTP ${status} without an error code: ${answer.subarray(0, 200).toString('latin1')}` };
}

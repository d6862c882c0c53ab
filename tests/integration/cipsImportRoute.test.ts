import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCips } from '../../shared/cips/cipsDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, openSession, type TestWorkshop } from '../helpers/workshops.ts';

const GOOD = readFileSync(new URL('../fixtures/cips/good.csv', import.meta.url));
const BAD = readFileSync(new URL('../fixtures/cips/bad.csv', import.meta.url));

async function upload(server: TestServer, workshopId: string, token: string | null, body: Uint8Array | string, query = '') {
  const res = await fetch(`${server.url}/api/workshops/${workshopId}/cips${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/workshops/:id/cips', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let facilitatorToken: string;
  let replica: Replica;

  beforeEach(async () => {
    server = await startTestServer();
    workshop = await createWorkshop(server, { title: 'SENAE 2023', languages: ['es'] });
    facilitatorToken = (await openSession(server, workshop, 'facilitator', 'Laura', 'DNA Uruguay')).token;
    const observer = await openSession(server, workshop, 'observer', 'WCO');
    replica = await openReplica(server, workshop.id, observer.token);
  });
  afterEach(async () => {
    replica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  it('lets a facilitator import a good file, and every member’s replica receives the scores', async () => {
    const res = await upload(server, workshop.id, facilitatorToken, GOOD);
    expect(res).toEqual({ status: 200, body: { surveyId: 'cips-xx-2022', rows: 9, factors: 4, replaced: false } });
    await replica.waitFor((doc) => readCips(doc) !== null);
    const scores = readCips(replica.doc)!;
    expect(scores.factors.morale_culture?.customs[0]).toEqual({ metric: 'pct_favourable', value: 54, scaleMin: 0, scaleMax: 100, n: 612 });
    expect(scores.indicators).toHaveLength(1);
  });

  it('refuses participants, rapporteurs and observers with FORBIDDEN_ROLE, and strangers with UNAUTHENTICATED', async () => {
    for (const role of ['participant', 'rapporteur', 'observer'] as const) {
      const person = await openSession(server, workshop, role, `Someone ${role}`);
      expect(await upload(server, workshop.id, person.token, GOOD)).toMatchObject({ status: 403, body: { error: 'FORBIDDEN_ROLE' } });
    }
    expect(await upload(server, workshop.id, null, GOOD)).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } });
    const other = await createWorkshop(server);
    expect(await upload(server, workshop.id, other.secrets.facilitator, GOOD)).toMatchObject({ status: 401 });
    expect(readCips(replica.doc)).toBeNull();
  });

  it('refuses a bad file with every error and its line, changing nothing in the document', async () => {
    await upload(server, workshop.id, facilitatorToken, GOOD);
    await replica.waitFor((doc) => readCips(doc) !== null);
    const before = Y.encodeStateVector(replica.doc);
    const entry = (await server.services.registry.peek(workshop.id))!;
    const serverBefore = Y.encodeStateVector(entry.doc);

    const res = await upload(server, workshop.id, facilitatorToken, BAD, '?replace=1');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('CIPS_INVALID');
    const errors = res.body.errors as { line: number; code: string }[];
    expect(errors.map((e) => `${e.line} ${e.code}`)).toEqual([
      '3 UNKNOWN_GROUP',
      '4 UNKNOWN_FACTOR_KEY',
      '5 FACTOR_NO_MISMATCH',
      '6 VALUE_OUT_OF_RANGE',
      '7 UNKNOWN_METRIC',
      '8 BAD_SCALE',
      '9 BAD_NUMBER',
      '10 BAD_N',
      '11 DUPLICATE_ROW',
      '12 WRONG_COLUMN_COUNT',
    ]);
    expect(Y.encodeStateVector(entry.doc)).toEqual(serverBefore);
    expect(Y.encodeStateVector(replica.doc)).toEqual(before);
    expect(readCips(replica.doc)?.surveyId).toBe('cips-xx-2022');
  });

  it('refuses a Latin-1 file and 10 MB of garbage by name, importing nothing', async () => {
    const latin1 = Buffer.from(GOOD.toString('utf8').replace('muestra', 'muéstra'), 'latin1');
    expect(await upload(server, workshop.id, facilitatorToken, latin1)).toMatchObject({
      status: 400,
      body: { error: 'CIPS_INVALID', errors: [{ line: 0, code: 'INVALID_ENCODING' }] },
    });
    expect(await upload(server, workshop.id, facilitatorToken, randomBytes(10 * 1024 * 1024))).toMatchObject({
      status: 413,
      body: { error: 'CIPS_INVALID', errors: [{ line: 0, code: 'FILE_TOO_LARGE' }] },
    });
    const entry = (await server.services.registry.acquire(workshop.id))!;
    expect(readCips(entry.doc)).toBeNull();
    server.services.registry.release(entry);
  });

  it('replaces imported scores only when the second import asks to replace', async () => {
    await upload(server, workshop.id, facilitatorToken, GOOD);
    const second = GOOD.toString('utf8').replaceAll('cips-xx-2022', 'cips-xx-2024').replaceAll(',2022,', ',2024,');
    expect(await upload(server, workshop.id, facilitatorToken, second)).toMatchObject({ status: 409, body: { error: 'CIPS_ALREADY_IMPORTED' } });
    await replica.waitFor((doc) => readCips(doc) !== null);
    expect(readCips(replica.doc)?.surveyId).toBe('cips-xx-2022');
    expect(await upload(server, workshop.id, facilitatorToken, second, '?replace=1')).toMatchObject({ status: 200, body: { replaced: true } });
    await replica.waitFor((doc) => readCips(doc)?.surveyId === 'cips-xx-2024');
    expect(readCips(replica.doc)?.year).toBe(2024);
  });

  it('refuses an import into a frozen workshop', async () => {
    const facilitator = await joinAs(server, workshop, 'facilitator', 'Laura');
    expect(await facilitator.send('workshop.freeze', {})).toMatchObject({ ok: true });
    expect(await upload(server, workshop.id, facilitatorToken, GOOD)).toMatchObject({ status: 409, body: { error: 'FROZEN' } });
    facilitator.close();
  });
});

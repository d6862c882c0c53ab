import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { openReplica, type Replica } from '../helpers/clients.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one sample line (`name{labels} value`), or null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('/metrics for hosts, in Prometheus format', () => {
  let server: TestServer;
  let workshop: TestWorkshop;
  let ana: Member;
  let replica: Replica;

  beforeAll(async () => {
    server = await startTestServer({ metricsToken: TOKEN });
    workshop = await createWorkshop(server);
    ana = await joinAs(server, workshop, 'participant', 'Ana Secretname', 'SENAE');
    replica = await openReplica(server, workshop.id, ana.person.token);
  });
  afterAll(async () => {
    ana.close();
    replica.destroy();
    await server.close();
    await removeDataDir(server.dataDir);
  });

  const scrape = (token: string | null) =>
    fetch(`${server.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('refuses a scrape without the configured bearer token, and one with a wrong token', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('metrics-token-for-the-test-WRONG00000')).status).toBe(401);
  });

  it('counts commands by name and result, update bytes, store latency, connections and documents, and names nobody', async () => {
    const boardId = readBoards(replica.doc)[0]!.id;
    expect((await ana.send('note.add', { boardId, row: 'hrm', column: 'gaps', text: 'Rotation is rare' })).ok).toBe(true);
    const refused = await ana.send('phase.set', { phase: 'vote' });
    expect(refused).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });

    const res = await scrape(TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'ib_commands_total{command="note.add",result="ok"}')).toBe(1);
    expect(sample(text, 'ib_commands_total{command="phase.set",result="FORBIDDEN_ROLE"}')).toBe(1);
    expect(sample(text, 'ib_document_update_bytes_total')).toBeGreaterThan(0);
    expect(sample(text, 'ib_store_append_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'ib_socketio_connections')).toBe(1);
    expect(sample(text, 'ib_yjs_connections')).toBe(1);
    expect(sample(text, 'ib_documents_loaded')).toBe(1);
    expect(sample(text, 'ib_documents_pending_structs')).toBe(0);
    expect(sample(text, 'ib_documents_awaiting_repair')).toBe(0);
    expect(sample(text, 'ib_store_up')).toBe(1);
    expect(text).toContain('ib_nodejs_eventloop_lag_seconds');
    for (const secret of [workshop.id, 'Ana Secretname', 'Rotation is rare', ana.person.token, workshop.joinCode]) {
      expect(text).not.toContain(secret);
    }
  });
});

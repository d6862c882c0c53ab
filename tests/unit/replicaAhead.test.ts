import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { updateHasContentDocLacks } from '../../server/realtime/yjsEndpoint.ts';

describe('telling a replica that is ahead from one that only carries deletions', () => {
  it('is false for a sync step 2 that carries only the delete set of content the server has', () => {
    const server = new Y.Doc();
    const map = server.getMap('notes');
    for (let i = 0; i < 50; i++) map.set(`n${i}`, { text: 'x'.repeat(100) });
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    for (let i = 0; i < 50; i++) map.delete(`n${i}`);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(step2.byteLength).toBeGreaterThan(2);
    expect(updateHasContentDocLacks(server, step2)).toBe(false);
  });

  it('is true when the client holds structs the server never had', () => {
    const server = new Y.Doc();
    server.getMap('notes').set('a', 1);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    client.getMap('notes').set('b', 2);
    expect(updateHasContentDocLacks(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(true);
  });

  it('is true when the server lost the tail of its own history', () => {
    const original = new Y.Doc();
    original.getMap('notes').set('a', 1);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(original));
    original.getMap('notes').set('b', 2);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(original));
    expect(updateHasContentDocLacks(restored, Y.encodeStateAsUpdate(client, Y.encodeStateVector(restored)))).toBe(true);
  });
});

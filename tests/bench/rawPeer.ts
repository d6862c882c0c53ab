import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';

/**
 * A y-websocket peer that speaks the protocol without a Yjs document: it asks for the state once
 * connected, counts what arrives and reports note markers found in update frames. Thousands of
 * them fit on one core, so the load generator measures the server, not itself.
 */
export interface RawPeer {
  /** Resolves once the current connection received its sync step 2 (the whole state). */
  synced: Promise<void>;
  /** Bytes of the last sync step 2 received. */
  stateBytes: number;
  /** Called with each marker number found in a frame after the sync. */
  onMarker: ((marker: number, at: number) => void) | null;
  /** Reconnects by itself after the connection drops (restart storm), `synced` renewed each time. */
  reconnect: boolean;
  /** Resolves at the next sync after a reconnection. */
  nextSync(): Promise<void>;
  close(): void;
}

const MARKER = Buffer.from('bench-note-');
const SYNC_STEP_1_EMPTY = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
  return encoding.toUint8Array(encoder);
})();

/** Marker numbers in `frame` (`bench-note-<n>-`). */
export function markersIn(frame: Buffer): number[] {
  const found: number[] = [];
  let at = frame.indexOf(MARKER);
  while (at >= 0) {
    let n = 0;
    let i = at + MARKER.length;
    while (i < frame.length && frame[i]! >= 48 && frame[i]! <= 57) n = n * 10 + (frame[i++]! - 48);
    found.push(n);
    at = frame.indexOf(MARKER, i);
  }
  return found;
}

export function noteText(marker: number): string {
  return `bench-note-${marker}- ${'x'.repeat(60)}`;
}

export function openRawPeer(url: string, protocols: string[]): RawPeer {
  /** Resolves the pending `synced`; null once it resolved (a new one is made at the next drop). */
  let waiting: (() => void) | null = null;
  let ws: WebSocket | null = null;
  let closedByUs = false;
  const peer: RawPeer = {
    synced: Promise.resolve(),
    stateBytes: 0,
    onMarker: null,
    reconnect: false,
    nextSync: () => peer.synced,
    close: () => {
      closedByUs = true;
      ws?.terminate();
    },
  };
  const renew = () => {
    if (!waiting) peer.synced = new Promise<void>((resolve) => (waiting = resolve));
  };
  const connect = () => {
    let isSynced = false;
    renew();
    const socket = new WebSocket(url, protocols);
    ws = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => socket.send(SYNC_STEP_1_EMPTY));
    socket.on('message', (data: Buffer) => {
      if (!isSynced) {
        const decoder = decoding.createDecoder(data);
        if (decoding.readVarUint(decoder) !== 0) return;
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          // The reference server asks for our state: we hold none.
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, 0);
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(encoder, new Uint8Array([0, 0]));
          socket.send(encoding.toUint8Array(encoder));
          return;
        }
        if (syncType !== syncProtocol.messageYjsSyncStep2) return;
        isSynced = true;
        peer.stateBytes = data.byteLength;
        waiting?.();
        waiting = null;
        return;
      }
      if (peer.onMarker && data[0] === 0) {
        const at = performance.now();
        for (const marker of markersIn(data)) peer.onMarker(marker, at);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (closedByUs || !peer.reconnect) return;
      renew();
      setTimeout(connect, 100);
    });
  };
  connect();
  return peer;
}

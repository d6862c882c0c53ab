// One WebSocket frame built once and written, as the same bytes, to every socket of a board.
// `ws.send` frames a message again for each socket (header, options object, a Buffer view, then a
// corked two-buffer writev); a fan-out to N peers needs the frame once and one plain write per socket.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

const FIN_BINARY = 0x82;
const OPEN = 1;

/**
 * A final, unmasked, uncompressed binary frame holding `payload` (RFC 6455 §5.2), as a server sends it.
 * The payload is copied behind the header so that each socket gets one write of one buffer.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_BINARY;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(payload, headerLength);
  return frame;
}

/** The parts of ws's socket this module relies on (ws 8 keeps them as `_socket` and `_sender`). */
interface WsInternals {
  _socket: Duplex | null;
  _sender: { _state: number; _queue: unknown[] } | null;
  _extensions: Record<string, unknown>;
}

/**
 * Writes a frame made by `binaryFrame` straight to the socket's TCP stream; false (nothing written)
 * when only `ws.send` may write now: the socket is not open, an extension (permessage-deflate) was
 * negotiated, or ws is still busy with an earlier message (its sender queue), whose order must hold.
 * What is written counts in `ws.bufferedAmount` as ws's own writes do (it reads the stream's length).
 */
export function writeFrame(ws: WebSocket, frame: Buffer): boolean {
  if (ws.readyState !== OPEN) return false;
  const internals = ws as unknown as WsInternals;
  const socket = internals._socket;
  const sender = internals._sender;
  // Any field missing or renamed (another ws version) means: let ws.send write.
  if (!socket || !sender || sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length > 0) return false;
  if (typeof internals._extensions !== 'object' || internals._extensions === null || hasAny(internals._extensions)) return false;
  socket.write(frame);
  return true;
}

function hasAny(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

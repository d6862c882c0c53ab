import net from 'node:net';

export interface Exchange {
  /** Everything the server sent before it closed (or before the bound). */
  bytes: Buffer;
  timedOut: boolean;
}

/**
 * Writes `request` on a fresh TCP connection and collects what the server sends until it closes the
 * connection or `timeoutMs` passes (then the connection is cut: a hang). The client half-closes once
 * the answer's head has arrived (the server answered; an upgraded socket would stay open), or at
 * once when the request is `incomplete` on purpose (a body shorter than its Content-Length), since a
 * server rightly waits for the rest.
 */
export function rawExchange(port: number, request: Uint8Array, timeoutMs: number, incomplete = false): Promise<Exchange> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    let ended = false;
    const socket = net.connect(port, '127.0.0.1');
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), timedOut });
    };
    const end = () => {
      if (ended) return;
      ended = true;
      socket.end();
    };
    AbortSignal.timeout(timeoutMs).addEventListener('abort', () => finish(true));
    socket.on('connect', () => {
      socket.write(request);
      if (incomplete) end();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).includes('\r\n\r\n')) end();
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

/** Percent-encodes every byte of a string's UTF-8 form that is not unreserved (never throws, unlike encodeURIComponent on a lone surrogate). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The status code of an HTTP answer, or null when there is none. */
export function statusOf(answer: Buffer): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer.subarray(0, 32).toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** The `error` code of a JSON answer body, or null. */
export function errorCodeOf(answer: Buffer): string | null {
  const split = answer.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const body = answer.subarray(split + 4).toString('utf8');
  const match = /"error"\s*:\s*"([A-Z0-9_]{2,64})"/.exec(body);
  return match ? match[1]! : null;
}

/** The first WebSocket close frame the server sent after a 101 answer: its code and reason. */
export function closeFrameOf(answer: Buffer): { code: number; reason: string } | null {
  const split = answer.indexOf('\r\n\r\n');
  if (split < 0) return null;
  let at = split + 4;
  while (at + 2 <= answer.length) {
    const opcode = answer[at]! & 0x0f;
    let length = answer[at + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (at + 4 > answer.length) return null;
      length = answer.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (at + 10 > answer.length) return null;
      length = Number(answer.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (opcode === 0x8) {
      const payload = answer.subarray(at + header, at + header + length);
      return { code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') };
    }
    at += header + length;
  }
  return null;
}

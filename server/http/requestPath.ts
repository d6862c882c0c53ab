/**
 * The decoded path of a request target, or null when the target is malformed (a bad
 * percent-escape such as `%C0%AF` or `%`, or an absolute-form target that is not a URL).
 * Never throws: hostile request lines reach upgrade listeners before any framework does.
 */
export function decodedRequestPath(target: string | undefined): string | null {
  if (!target) return null;
  let pathname: string;
  try {
    pathname = new URL(target, 'http://localhost').pathname;
  } catch {
    return null;
  }
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** Ends a raw upgrade socket with a plain HTTP status, never throwing. */
export function refuseUpgrade(socket: { end(data: string): unknown; destroy(): unknown }, status: 400 | 404 | 429 | 503, text: string): void {
  try {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } catch {
    socket.destroy();
  }
}

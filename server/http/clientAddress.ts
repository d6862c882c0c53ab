/**
 * The client's address as Express computes `req.ip` with `trust proxy` set to a hop count: the
 * socket's address, or, behind `trustProxy` proxies, the entry of X-Forwarded-For that the
 * outermost trusted proxy saw. Socket.IO and the Yjs endpoint use it so that every per-address
 * limit counts the same address as the REST routes.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const remote = remoteAddress ?? 'unknown';
  if (trustProxy <= 0 || forwardedFor === undefined) return remote;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const hops = [
    remote,
    ...header
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .reverse(),
  ];
  return hops[Math.min(trustProxy, hops.length - 1)] ?? remote;
}

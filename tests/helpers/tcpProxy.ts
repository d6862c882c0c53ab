import net from 'node:net';

export interface TcpProxy {
  /** Where clients connect: `127.0.0.1:port`. */
  port: number;
  /** Sends new connections to `targetPort` and cuts every open one (what a failover does to clients). */
  switchTo(targetPort: number): void;
  /** Stops passing bytes either way on open connections (a link that silently stalls). */
  hold(): void;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * A TCP proxy on a free port in front of a Redis, as HAProxy or a failover DNS name sits in front of
 * a Sentinel-managed primary: switching it is how the nodes' Redis "takes over" on a replica.
 */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let held = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    if (held) {
      client.pause();
      upstream.pause();
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    switchTo(port) {
      target = port;
      held = false;
      for (const socket of open) socket.destroy();
    },
    hold() {
      held = true;
      for (const socket of open) {
        socket.unpipe();
        socket.pause();
      }
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

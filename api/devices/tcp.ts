import net from 'node:net';

/** Settings every device listener shares. */
export interface ListenerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** A connection that delivers no good message for this long is closed (idle or slow), in ms. */
  idleMs: number;
  /** Connections beyond this are refused. */
  maxConnections: number;
}

/** What a protocol's connection handler tells the listener. */
export interface Connection {
  /** Time of the last good message: the idle sweep closes connections quiet for too long. */
  lastGoodAt: number;
  /** Called when the socket closes, for any reason. */
  close(): void;
}

export interface DeviceListener {
  port: number;
  connections(): number;
  stop(): Promise<void>;
}

/**
 * A TCP listener for one device protocol. The handler owns the bytes; the listener owns the
 * socket's life: a cap on connections, an idle sweep that closes connections without a good
 * message for `idleMs` (a slow sender trickling bytes counts as idle), and error containment so
 * no input can take the process down.
 */
export async function listenDevices(
  name: string,
  options: ListenerOptions,
  handle: (socket: net.Socket) => Connection,
): Promise<DeviceListener> {
  const open = new Map<net.Socket, Connection>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    let connection: Connection;
    try {
      connection = handle(socket);
    } catch (err) {
      console.error(`${name}: connection handler failed:`, (err as Error).message);
      socket.destroy();
      return;
    }
    open.set(socket, connection);
    socket.once('close', () => {
      open.delete(socket);
      connection.close();
    });
  });
  server.maxConnections = options.maxConnections;
  server.on('error', (err) => console.error(`${name}: ${err.message}`));

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - options.idleMs;
      for (const [socket, c] of open) if (c.lastGoodAt < cutoff) socket.destroy();
    },
    Math.min(5000, Math.max(100, options.idleMs / 4)),
  ).unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => open.size,
    stop: async () => {
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open.keys()) socket.destroy();
      await closed;
    },
  };
}

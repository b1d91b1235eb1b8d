import { createServer } from 'node:net';

/** Ports handed out by this process, so that two calls never return the same one. */
const handedOut = new Set<number>();

/**
 * A TCP port free on 127.0.0.1 right now, drawn from 20000-32767: below Linux's ephemeral range (32768-60999), so
 * an outgoing connection (Kafka, PostgreSQL clients) cannot take it between this check and the service's bind.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP proxy on loopback for fault tests: forwards every connection to a target (a PostgreSQL server) and
 * cuts them on demand, as a database restart or a failover does: at once (`cutAll`), when a client sends
 * bytes matching a pattern (`cutWhen`: PostgreSQL's protocol carries statement text in clear, so a cut
 * can land inside a chosen statement), and refusing new connections for a while (`block`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Connections open now. */
  readonly open: number;
  /** Connections cut so far (by any means). */
  readonly cuts: number;
  /** Destroys every open connection, both sides. */
  cutAll(): void;
  /**
   * Cuts every open connection the `times`-th time (default the first) a client's bytes match `pattern`:
   * before they reach the server, or with `after` just after they were sent (a COMMIT may then have been
   * committed or not: the client cannot know). Resolves when it did.
   */
  cutWhen(pattern: RegExp, options?: { times?: number; after?: boolean }): Promise<void>;
  /** New connections are closed at once until `unblock` (the server is down). */
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 (port 0: any free one) in front of `target`. */
export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const triggers: { pattern: RegExp; left: number; after: boolean; fire(): void }[] = [];
  let blocked = false;
  let cuts = 0;

  const cutAll = () => {
    for (const [client, server] of pairs) {
      client.destroy();
      server.destroy();
      cuts++;
    }
    pairs.clear();
  };

  const server: Server = createServer((client) => {
    if (blocked) {
      client.destroy();
      cuts++;
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.on('data', (bytes: Buffer) => client.write(bytes));
    client.on('data', (bytes: Buffer) => {
      if (triggers.length > 0) {
        const text = bytes.toString('latin1');
        for (const trigger of [...triggers]) {
          if (!trigger.pattern.test(text) || --trigger.left > 0) continue;
          triggers.splice(triggers.indexOf(trigger), 1);
          if (trigger.after) {
            upstream.write(bytes, () => {
              cutAll();
              trigger.fire();
            });
          } else {
            cutAll();
            trigger.fire();
          }
          return;
        }
      }
      upstream.write(bytes);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    port: address.port,
    get open() {
      return pairs.size;
    },
    get cuts() {
      return cuts;
    },
    cutAll,
    cutWhen: (pattern, { times = 1, after = false } = {}) =>
      new Promise<void>((fire) => {
        triggers.push({ pattern, left: times, after, fire });
      }),
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}

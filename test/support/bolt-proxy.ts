// A TCP proxy in front of Neo4j's Bolt port that can lose a connection at the worst moment: right
// after the client sent COMMIT for a transaction whose query text holds a marker. The commit
// reaches the database (so the write is applied), its answer never reaches the client.
import net from 'node:net';

/** Bolt COMMIT: a chunk of 2 bytes (tiny struct, no fields, signature 0x12) and the end-of-message marker. */
const COMMIT = Buffer.from([0x00, 0x02, 0xb0, 0x12, 0x00, 0x00]);

export interface BoltProxy {
  port: number;
  /** The next COMMIT on a connection whose queries contained `marker` is forwarded, then the connection is cut. */
  cutAfterCommit(marker: string): Promise<void>;
  close(): Promise<void>;
}

export async function boltProxy(target: { host: string; port: number }): Promise<BoltProxy> {
  let armed: { marker: Buffer; done: () => void } | undefined;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let seen = Buffer.alloc(0);
    let marked = false;
    let cut = false;
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (data: Buffer) => {
      if (armed && !cut) {
        // what is still to be searched, so a marker or COMMIT split across reads is found, and a
        // COMMIT of an earlier transaction on this connection is not
        seen = Buffer.concat([seen, data]);
        if (!marked) {
          const at = seen.indexOf(armed.marker);
          marked = at >= 0;
          seen = marked ? seen.subarray(at + armed.marker.length) : seen.subarray(-armed.marker.length);
        }
        if (marked && !seen.includes(COMMIT)) seen = seen.subarray(-COMMIT.length);
        else if (marked) {
          cut = true;
          const done = armed.done;
          armed = undefined;
          upstream.write(data);
          // give the database time to commit, then lose the connection both ways
          setTimeout(() => {
            end();
            done();
          }, 300);
          return;
        }
      }
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => {
      if (!cut) client.write(data);
    });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    cutAfterCommit(marker) {
      return new Promise<void>((resolve) => {
        armed = { marker: Buffer.from(marker, 'utf8'), done: resolve };
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

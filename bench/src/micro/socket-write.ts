import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';

// Accepts connections and discards what arrives: the reading side of a client, in its own process.
const SINK = `
const server = require('node:net').createServer((s) => { s.on('data', () => {}); s.on('error', () => {}); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * What one small write to a client socket costs the writing process on loopback TCP: `sockets`
 * connections to a reader in another process, each written `rounds` times one `bytes`-long buffer,
 * a round per event-loop turn as the gateway's write batch does. The kernel charges the receiving
 * side's TCP work to the writer, so `sys` is most of it.
 */
export async function measureSocketWrite(options: {
  sockets: number;
  rounds: number;
  bytes: number;
}): Promise<{ writes: number; userUs: number; sysUs: number }> {
  const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = (await once(sink.stdout, 'data')) as [Buffer];
    const port = Number(line.toString().trim());
    const sockets = await Promise.all(
      Array.from(
        { length: options.sockets },
        () =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1', () => resolve(socket.setNoDelay(true)));
            socket.once('error', reject);
          }),
      ),
    );
    const frame = Buffer.alloc(options.bytes, 'x');
    const before = process.cpuUsage();
    for (let r = 0; r < options.rounds; r++) {
      for (const socket of sockets) socket.write(frame);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const used = process.cpuUsage(before);
    const writes = options.sockets * options.rounds;
    for (const socket of sockets) socket.destroy();
    return { writes, userUs: used.user / writes, sysUs: used.system / writes };
  } finally {
    sink.kill();
  }
}

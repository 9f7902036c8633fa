import { connect, type Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * `/ws` on the API port, forwarded byte for byte to the gateway nodes in turn, as the cloud's load
 * balancer does. A node that refuses the connection is skipped, so clients of a stopped node
 * reconnect to a live one.
 */
export function createWsProxy(ports: () => number[]) {
  let next = 0;
  return (req: IncomingMessage, client: Duplex, head: Buffer): void => {
    client.on('error', () => undefined);
    const candidates = ports();
    const tryNode = (attempt: number) => {
      if (attempt >= candidates.length) {
        client.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      const port = candidates[next++ % candidates.length]!;
      const upstream: Socket = connect(port, '127.0.0.1');
      upstream.once('error', () => tryNode(attempt + 1));
      upstream.once('connect', () => {
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        // end(), not destroy(): the node's last bytes (its close frame) may still be queued
        // towards the client, and destroying drops them (the client then sees 1006, not 4102).
        upstream.on('close', () => client.end());
        upstream.write(requestHead(req));
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    };
    tryNode(0);
  };
}

function requestHead(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

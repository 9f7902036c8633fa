import { handshake, RawWebSocket } from '../lib/raw-ws.js';

/**
 * A Centrifugo client in a few lines over the bench's raw WebSocket client, speaking Centrifugo's
 * JSON protocol (client protocol v2), so the load generators do the same work for all three
 * systems and only the servers differ:
 *
 *   client → `{"id":1,"connect":{"token":…}}`  (the JWT lists the user's channels: server-side subscriptions)
 *   server → `{"id":1,"connect":{…,"subs":{…}}}`
 *   server → `{}`, client → `{}`              (ping/pong; the server pings)
 *   server → `{"push":{"channel":…,"pub":{"data":…}}}`
 *
 * The server may put several replies in one frame, one per line; each line is one event.
 */
export const centrifugoUrl = (port: number) => `ws://127.0.0.1:${port}/connection/websocket`;

export interface CentrifugoHandlers {
  /** Every reply after connecting, one line at a time: `buffer[start, end)`, valid only during the call. */
  onFrame(buffer: Buffer, start: number, end: number): void;
  onClose(code: number, reason: string): void;
}

const PONG = '{}';
const NEWLINE = 0x0a;

export async function connectCentrifugo(port: number, token: string, handlers: CentrifugoHandlers, timeoutMs = 30_000): Promise<RawWebSocket> {
  const ws = new RawWebSocket(centrifugoUrl(port));
  let connected = false;
  const line = (buffer: Buffer, start: number, end: number, resolve: () => void, reject: (e: Error) => void) => {
    if (end - start === 2 && buffer[start] === 0x7b && buffer[start + 1] === 0x7d) return ws.send(PONG); // `{}` ping
    if (connected) return handlers.onFrame(buffer, start, end);
    const reply = JSON.parse(buffer.toString('utf8', start, end)) as { id?: number; connect?: unknown; error?: { code: number; message: string } };
    if (reply.id !== 1) return;
    if (reply.error) return reject(new Error(`centrifugo refused the connect: ${reply.error.code} ${reply.error.message}`));
    connected = true;
    resolve();
  };
  const isConnected = new Promise<void>((resolve, reject) => {
    ws.onText = (buffer, start, end) => {
      for (let from = start; from < end; ) {
        const nl = buffer.indexOf(NEWLINE, from);
        const to = nl < 0 || nl >= end ? end : nl;
        if (to > from) line(buffer, from, to, resolve, reject);
        from = to + 1;
      }
    };
    ws.on('close', (code, reason) => {
      if (connected) handlers.onClose(code, reason);
      else reject(new Error(`centrifugo closed before connecting (${code} ${reason})`));
    });
  });
  ws.once('open', () => ws.send(JSON.stringify({ id: 1, connect: { token, name: 'bench' } })));
  return handshake(ws, isConnected, timeoutMs, 'centrifugo connect');
}

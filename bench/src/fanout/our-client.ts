import { handshake, RawWebSocket } from '../lib/raw-ws.js';

export interface OurHandlers {
  /** Every frame after `ready`: its payload is `buffer[start, end)`, valid only during the call. */
  onFrame(buffer: Buffer, start: number, end: number): void;
  onClose(code: number, reason: string): void;
}

/**
 * A client of our gateway (docs/websocket.md): the token as `?token=`, `ready` when the connection
 * has its conversations subscribed, then one JSON frame per event. The same raw WebSocket client
 * (bench/src/lib/raw-ws.ts) as the peer's (bench/src/peer/client.ts), so only the servers differ.
 */
export async function connectOurs(url: string, token: string, handlers: OurHandlers, timeoutMs = 30_000): Promise<RawWebSocket> {
  const target = new URL(url);
  target.searchParams.set('token', token);
  const ws = new RawWebSocket(target.toString());
  let ready = false;
  const isReady = new Promise<void>((resolve, reject) => {
    ws.onText = (buffer, start, end) => {
      if ((JSON.parse(buffer.toString('utf8', start, end)) as { type: string }).type !== 'ready') return;
      ready = true;
      ws.onText = handlers.onFrame;
      resolve();
    };
    ws.on('close', (code, reason) => {
      if (ready) handlers.onClose(code, reason);
      else reject(new Error(`gateway closed before ready (${code} ${reason})`));
    });
  });
  return handshake(ws, isReady, timeoutMs, 'gateway connect');
}

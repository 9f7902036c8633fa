import WebSocket from 'ws';

export interface OurHandlers {
  /** Every frame after `ready`, as received (the load generator reads only what it needs from it). */
  onFrame(data: Buffer): void;
  onClose(code: number, reason: string): void;
}

/**
 * A client of our gateway (docs/websocket.md): the token in the subprotocol list, `ready` when the
 * connection has its conversations subscribed, then one JSON frame per event. Same `ws` options as
 * the peer client (bench/src/peer/client.ts), so only the servers differ.
 */
export function connectOurs(url: string, token: string, handlers: OurHandlers, timeoutMs = 30_000): Promise<WebSocket> {
  const ws = new WebSocket(url, ['chat.v1', `bearer.${token}`], { perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('gateway connect timed out'));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      if (ready) return handlers.onFrame(data);
      if ((JSON.parse(data.toString()) as { type: string }).type !== 'ready') return;
      ready = true;
      clearTimeout(timer);
      resolve(ws);
    });
    ws.on('error', (error) => {
      if (!ready) {
        clearTimeout(timer);
        reject(error);
      }
    });
    ws.on('close', (code, reason) => {
      if (!ready) {
        clearTimeout(timer);
        reject(new Error(`gateway closed before ready (${code} ${reason.toString()})`));
      } else handlers.onClose(code, reason.toString());
    });
  });
}

import { handshake, RawWebSocket } from '../lib/raw-ws.js';

/**
 * A Socket.IO client in a few lines over the bench's raw WebSocket client (bench/src/lib/raw-ws.ts),
 * speaking Engine.IO v4 / Socket.IO v5 over the WebSocket transport, so the load generators do the
 * same work for both systems (one WebSocket frame, the same scan for the bench marker in it) and
 * only the servers differ. The official client would add its own costs (reconnection manager,
 * packet decoder, event emitter) to the peer's side of the ledger.
 *
 *   server → `0{"sid":…,"pingInterval":…}`  (Engine.IO OPEN)
 *   client → `40{"user":i}`                  (Socket.IO CONNECT to "/" with the auth payload)
 *   server → `40{"sid":…}`                   (connected: the connection has joined its room)
 *   server → `2`, client → `3`               (Engine.IO ping/pong; the server pings)
 *   server → `42["message.new",{…}]`         (an event)
 */
export const peerUrl = (port: number) => `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;

export interface PeerHandlers {
  /** Every event packet (`42[…]`) after connecting: its payload is `buffer[start, end)`, valid only during the call. */
  onFrame(buffer: Buffer, start: number, end: number): void;
  onClose(code: number, reason: string): void;
}

const PONG = Buffer.from('3');

/** Opens a connection as user `user`; resolves once Socket.IO has connected it (and joined its room). */
export async function connectPeer(port: number, user: number, handlers: PeerHandlers, timeoutMs = 30_000): Promise<RawWebSocket> {
  const ws = new RawWebSocket(peerUrl(port));
  let connected = false;
  const isConnected = new Promise<void>((resolve, reject) => {
    ws.onText = (buffer, start, end) => {
      switch (buffer[start]) {
        case 0x30: // '0' open
          ws.send(`40${JSON.stringify({ user })}`);
          return;
        case 0x32: // '2' ping
          ws.send(PONG);
          return;
        case 0x34: {
          // '4' message: a Socket.IO packet follows
          if (buffer[start + 1] === 0x32 && connected) return handlers.onFrame(buffer, start, end); // '42' event
          const text = buffer.toString('utf8', start, end);
          if (text.startsWith('40') && !connected) {
            connected = true;
            resolve();
          } else if (text.startsWith('44')) {
            ws.close();
            reject(new Error(`peer refused user ${user}: ${text.slice(2)}`));
          }
          return;
        }
        default:
          return;
      }
    };
    ws.on('close', (code, reason) => {
      if (connected) handlers.onClose(code, reason);
      else reject(new Error(`peer closed user ${user} before connecting (${code} ${reason})`));
    });
  });
  return handshake(ws, isConnected, timeoutMs, `peer connect of user ${user}`);
}

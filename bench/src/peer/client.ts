import WebSocket from 'ws';

/**
 * A Socket.IO client in a few lines of raw `ws`, speaking Engine.IO v4 / Socket.IO v5 over the
 * WebSocket transport, so the load generators do the same work for both systems (one WebSocket
 * frame, the same scan for the bench marker in it) and only the servers differ. The official client would add its own
 * costs (reconnection manager, packet decoder, event emitter) to the peer's side of the ledger.
 *
 *   server → `0{"sid":…,"pingInterval":…}`  (Engine.IO OPEN)
 *   client → `40{"user":i}`                  (Socket.IO CONNECT to "/" with the auth payload)
 *   server → `40{"sid":…}`                   (connected: the connection has joined its room)
 *   server → `2`, client → `3`               (Engine.IO ping/pong; the server pings)
 *   server → `42["message.new",{…}]`         (an event)
 */
export const peerUrl = (port: number) => `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;

export interface PeerHandlers {
  /** Every event packet (`42[…]`) after connecting, as received. */
  onFrame(data: Buffer): void;
  onClose(code: number, reason: string): void;
}

/** Opens a connection as user `user`; resolves once Socket.IO has connected it (and joined its room). */
export function connectPeer(port: number, user: number, handlers: PeerHandlers, timeoutMs = 30_000): Promise<WebSocket> {
  const ws = new WebSocket(peerUrl(port), { perMessageDeflate: false, skipUTF8Validation: true });
  return new Promise((resolve, reject) => {
    let connected = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`peer connect of user ${user} timed out`));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      switch (data[0]) {
        case 0x30: // '0' open
          ws.send(`40${JSON.stringify({ user })}`);
          return;
        case 0x32: // '2' ping
          ws.send('3');
          return;
        case 0x34: {
          // '4' message: a Socket.IO packet follows
          if (data[1] === 0x32 && connected) return handlers.onFrame(data); // '42' event
          const text = data.toString();
          if (text.startsWith('40') && !connected) {
            connected = true;
            clearTimeout(timer);
            resolve(ws);
          } else if (text.startsWith('44')) {
            ws.close();
            reject(new Error(`peer refused user ${user}: ${text.slice(2)}`));
          }
          return;
        }
        default:
          return;
      }
    });
    ws.on('error', (error) => {
      if (!connected) {
        clearTimeout(timer);
        reject(error);
      }
    });
    ws.on('close', (code, reason) => {
      if (!connected) {
        clearTimeout(timer);
        reject(new Error(`peer closed user ${user} before connecting (${code})`));
      } else handlers.onClose(code, reason.toString());
    });
  });
}

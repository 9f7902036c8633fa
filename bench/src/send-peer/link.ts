import WebSocket from 'ws';

/** What the send-path load generator needs of one connection, whichever server it talks to. */
export interface SendLink {
  closed: string | undefined;
  delivered: number;
  send(frame: { ref: string; conversationId: string; clientMsgId: string; text: string }): Promise<{ ok: true } | { ok: false; code: string }>;
  close(): void;
}

const SEND_TIMEOUT_MS = 30_000;

/**
 * One Socket.IO connection to the send peer (server.ts), Engine.IO v4 / Socket.IO v5 over a plain
 * WebSocket, the same `ws` client as our side uses, so the load generator's cost is alike:
 *   client → `40{"userId":…,"conversationId":…}`, server → `40{"sid":…}` (connected)
 *   client → `42<n>["message.send",{…}]`, server → `43<n>[{"ok":…}]` (the ack of emit n)
 *   server → `42["message.new",{…}]` (the room's messages), `2` ping → `3` pong
 */
export class SocketIoLink implements SendLink {
  closed: string | undefined;
  delivered = 0;
  private nextAck = 0;
  private waiting: { id: number; done: (reply: { ok: true } | { ok: false; code: string }) => void } | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('close', (code) => {
      this.closed = `closed_${code}`;
      this.waiting?.done({ ok: false, code: this.closed });
    });
  }

  static open(url: string, auth: { userId: string; conversationId: string }): Promise<SocketIoLink> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const link = new SocketIoLink(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connect from ${url} in 30 s`)), 30_000);
      ws.once('error', reject);
      ws.on('message', (data) => {
        const text = String(data);
        if (text === '2') return ws.send('3');
        if (text.startsWith('0')) return ws.send(`40${JSON.stringify(auth)}`);
        if (text.startsWith('40')) {
          clearTimeout(timer);
          return resolve(link);
        }
        if (text.startsWith('42["message.new"')) return void link.delivered++;
        if (text.startsWith('43')) link.onAck(text);
      });
    });
  }

  send(frame: { ref: string; conversationId: string; clientMsgId: string; text: string }): Promise<{ ok: true } | { ok: false; code: string }> {
    if (this.closed) return Promise.resolve({ ok: false, code: this.closed });
    const id = this.nextAck++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.waiting?.done({ ok: false, code: 'timeout' }), SEND_TIMEOUT_MS);
      this.waiting = { id, done: (reply) => (clearTimeout(timer), (this.waiting = undefined), resolve(reply)) };
      const { conversationId, clientMsgId, text } = frame;
      this.ws.send(`42${id}${JSON.stringify(['message.send', { conversationId, clientMsgId, text }])}`);
    });
  }

  close(): void {
    this.ws.close(1000);
  }

  private onAck(text: string): void {
    const start = text.indexOf('[');
    if (!this.waiting || Number(text.slice(2, start)) !== this.waiting.id) return;
    const [reply] = JSON.parse(text.slice(start)) as [{ ok: boolean; code?: string }];
    this.waiting.done(reply.ok ? { ok: true } : { ok: false, code: reply.code ?? 'unknown' });
  }
}

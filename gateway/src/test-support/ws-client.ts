import WebSocket from 'ws';

type Frame = { type: string } & Record<string, unknown>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A real `ws` client that records every frame it receives. */
export class TestClient {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.frames.push(JSON.parse(String(data)) as Frame));
    ws.on('close', (code) => (this.closeCode = code));
    ws.on('error', () => undefined);
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  static open(
    port: number,
    token: string | undefined,
    options: { via?: 'protocol' | 'query'; path?: string; autoPong?: boolean; origin?: string } = {},
  ): TestClient {
    const via = options.via ?? 'protocol';
    const query = token && via === 'query' ? `?token=${encodeURIComponent(token)}` : '';
    const protocols = token && via === 'protocol' ? ['chat.v1', `bearer.${token}`] : ['chat.v1'];
    return new TestClient(
      new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/ws'}${query}`, protocols, {
        autoPong: options.autoPong ?? true,
        ...(options.origin ? { origin: options.origin } : {}),
      }),
    );
  }

  /** Opens and waits for `ready`. */
  static async ready(port: number, token: string): Promise<TestClient> {
    const client = TestClient.open(port, token);
    await client.next('ready');
    return client;
  }

  send(frame: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(frame));
  }

  of(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  /** Seqs of the `message.new` frames received for a conversation, in arrival order. */
  seqs(conversationId: string): number[] {
    return this.of('message.new')
      .map((f) => f.message as { conversationId: string; seq: number })
      .filter((m) => m.conversationId === conversationId)
      .map((m) => m.seq);
  }

  async next(type: string, match: (f: Frame) => boolean = () => true, timeoutMs = 5_000): Promise<Frame> {
    let found: Frame | undefined;
    await until(() => (found = this.frames.find((f) => f.type === type && match(f))) !== undefined || this.closeCode !== undefined, timeoutMs, `${type} frame`);
    if (!found) throw new Error(`closed with ${this.closeCode} before a ${type} frame`);
    return found;
  }

  async closed(timeoutMs = 5_000): Promise<number> {
    await until(() => this.closeCode !== undefined, timeoutMs, 'close');
    return this.closeCode!;
  }

  close(): void {
    this.ws.close();
  }
}

import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/** The idle-heap bench's clients (see node.ts): opens every connection, 50 at a time, and waits for `ready`. */
const { port, tokens } = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { port: number; tokens: string[] };
const sockets: WebSocket[] = [];
let ready = 0;
const open = (token: string) =>
  new Promise<void>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['chat.v1', `bearer.${token}`]);
    sockets.push(ws);
    ws.on('message', (data: Buffer) => {
      if (!data.toString('utf8').includes('"type":"ready"')) return;
      ready++;
      resolve();
    });
    ws.on('error', () => resolve());
  });
const started = Date.now();
for (let i = 0; i < tokens.length; i += 50) await Promise.all(tokens.slice(i, i + 50).map(open));
process.send!({ ready, ms: Date.now() - started });

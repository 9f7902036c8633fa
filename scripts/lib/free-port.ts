import { createServer } from 'node:net';

// Below Linux's ephemeral range (32768–60999). A port the kernel hands out for listen(0) comes from
// that range, and a child that binds it seconds later (a local cloud starting under tsx) could find
// it taken by some outgoing connection's source port meanwhile: EADDRINUSE on a busy machine.
const FIRST = 20_000;
const LAST = 32_000;

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A TCP port free on 127.0.0.1 right now, outside the ephemeral range so no outgoing connection
 * takes it before its user binds it. Random, so parallel test files rarely pick the same one.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free TCP port in ${FIRST}–${LAST} after 200 tries`);
}

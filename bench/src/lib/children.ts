import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * Load generators and servers run as separate Node processes (so the load does not share an event
 * loop with what it measures). They speak to the orchestrator over the IPC channel: the child
 * sends `{type:'ready', …}` once, then answers each `{id, …request}` with `{id, reply}` or `{id, error}`.
 */
export interface Child {
  name: string;
  pid: number;
  ready: Record<string, unknown>;
  request<T = unknown>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

interface Reply {
  id: number;
  reply?: unknown;
  error?: string;
}

export async function startChild(
  name: string,
  script: string,
  options: { env?: Record<string, string>; args?: string[]; nodeArgs?: string[]; readyTimeoutMs?: number } = {},
): Promise<Child> {
  const child: ChildProcess = fork(script, options.args ?? [], {
    execArgv: ['--import', 'tsx', ...(options.nodeArgs ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  child.on('exit', (code, signal) => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(`${name} exited (${code ?? signal}) during a request`));
    pending.clear();
  });
  child.on('message', (m: Reply) => {
    const p = typeof m === 'object' && m !== null && 'id' in m ? pending.get(m.id) : undefined;
    if (!p) return;
    pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(`${name}: ${m.error}`));
    else p.resolve(m.reply);
  });

  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not become ready`)), options.readyTimeoutMs ?? 60_000);
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as Record<string, unknown>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before it was ready`));
    });
  });

  return {
    name,
    pid: child.pid!,
    ready,
    request: <T>(message: Record<string, unknown>, timeoutMs = 120_000) =>
      new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error(`${name} has exited`));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name} did not answer ${JSON.stringify(message).slice(0, 80)} in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v as T)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        child.send({ ...message, id });
      }),
    stop: async () => {
      if (exited) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Child side: announce readiness, then answer requests with `handle`. */
export function serveRequests(ready: Record<string, unknown>, handle: (message: Record<string, unknown>) => Promise<unknown>): void {
  if (!process.send) throw new Error('this script runs as a child of the bench orchestrator (bench/src/main.ts)');
  process.on('message', (m: Record<string, unknown> & { id: number }) => {
    handle(m).then(
      (reply) => process.send!({ id: m.id, reply }),
      (error: unknown) => process.send!({ id: m.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
  process.on('SIGTERM', () => process.exit(0));
  // The orchestrator is gone (crashed, killed): its children must not outlive it holding sockets.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', ...ready });
}

import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { FcHandler, FcHttpResult } from '@chat/core/runtime/fc-types';
import { ROOT, routeMatches, type DomainRoute, type SYaml } from '../lib/s-yaml.js';

export interface LoadedFunction {
  name: string;
  handler: FcHandler<FcHttpResult>;
  memory: number;
  timeout: number;
  /** Broker messages per invocation: its RabbitMQ trigger's CountBasedWindow (queue-* functions). */
  batchSize?: number | undefined;
}

/** Imports every function's handler in-process, as FC would load each one in its own instance. */
export async function loadFunctions(spec: SYaml): Promise<Map<string, LoadedFunction>> {
  const loaded = new Map<string, LoadedFunction>();
  for (const [name, fn] of spec.functions) {
    const file = path.join(ROOT, 'functions', name, 'handler.ts');
    const mod = (await import(pathToFileURL(file).href)) as { handler?: FcHandler<FcHttpResult> };
    if (typeof mod.handler !== 'function') throw new Error(`${file} does not export a handler`);
    loaded.set(name, {
      name,
      handler: mod.handler,
      memory: Number(fn.props.memorySize ?? 512),
      timeout: Number(fn.props.timeout ?? 15),
      batchSize: triggerBatch(fn.props),
    });
  }
  return loaded;
}

export type RouteMatch = { route: DomainRoute } | { allowed: string[] } | undefined;

/** Routes like FC's custom domain: path (with `*`) first, then method. */
export function findRoute(routes: DomainRoute[], method: string, requestPath: string): RouteMatch {
  const onPath = routes.filter((r) => routeMatches(r.path, requestPath));
  if (onPath.length === 0) return undefined;
  const route = onPath.find((r) => r.methods.includes(method));
  return route ? { route } : { allowed: [...new Set(onPath.flatMap((r) => r.methods))] };
}

function triggerBatch(props: { triggers?: { triggerType: string; triggerConfig?: unknown }[] }): number | undefined {
  const config = props.triggers?.find((t) => t.triggerType === 'eventbridge')?.triggerConfig as
    | { runOptions?: { batchWindow?: { CountBasedWindow?: unknown } } }
    | undefined;
  const count = config?.runOptions?.batchWindow?.CountBasedWindow;
  return typeof count === 'number' ? count : undefined;
}

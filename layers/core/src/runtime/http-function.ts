import { randomUUID } from 'node:crypto';
import { AppError } from '../domain/errors.js';
import { getDeps, type Deps } from '../composition.js';
import { rootLogger, type Logger } from './logger.js';
import { toHttpRequest, requestIdOf, type HttpRequest } from './http-request.js';
import { errorReply, toFcResult, type HttpReply } from './http-response.js';
import { errorStatus } from './error-status.js';
import { matchPattern } from './route-pattern.js';
import type { FcContext, FcEventInput, FcHandler, FcHttpResult } from './fc-types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The one route a function serves. s.yaml routes the same path (with `*` for parameters) to it. */
export interface HttpRoute {
  method: HttpMethod;
  path: string;
}

export interface HttpCall {
  req: HttpRequest;
  deps: Deps;
  requestId: string;
  log: Logger;
}

/**
 * Wraps one endpoint as an FC 3.0 HTTP handler: decode the event, match the route, resolve the
 * shared dependencies, run the endpoint, and map any error to the error shape with one table.
 */
export function httpFunction(route: HttpRoute, endpoint: (call: HttpCall) => Promise<HttpReply>): FcHandler<FcHttpResult> & { route: HttpRoute } {
  const handler = async (event: FcEventInput, context: FcContext): Promise<FcHttpResult> => {
    const started = performance.now();
    let requestId = context?.requestId || randomUUID();
    let log = rootLogger().child({ requestId });
    let reply: HttpReply;
    let req: HttpRequest | undefined;
    try {
      req = toHttpRequest(event);
      requestId = requestIdOf({ contextId: context?.requestId, headers: req.headers }) ?? requestId;
      log = rootLogger().child({ requestId });
      const params = matchPattern(route.path, req.path);
      if (!params) throw new AppError('route_not_found', `No route for ${req.path}`);
      if (req.method !== route.method) throw new AppError('method_not_allowed', `${req.method} is not allowed here`);
      const deps = await getDeps();
      reply = await endpoint({ req: { ...req, params }, deps, requestId, log });
    } catch (error) {
      reply = errorReply(error, requestId);
      if (reply.status >= 500) log.error({ err: error }, 'request failed');
    }
    if (reply.status === errorStatus.method_not_allowed) reply.headers = { ...reply.headers, allow: route.method };
    log.info({ method: req?.method, path: req?.path, status: reply.status, ms: Math.round(performance.now() - started) }, 'request');
    return toFcResult(reply, requestId);
  };
  return Object.assign(handler, { route });
}

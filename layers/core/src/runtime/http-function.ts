import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { methodsOnPath, type RouteSpec } from '../api/routes.js';
import type { Config } from '../config/env.js';
import { AppError } from '../domain/errors.js';
import type { AccessClaims } from '../ports/access-tokens.js';
import { authenticate } from '../use-cases/auth/authenticate.js';
import { authenticator } from '../wiring/auth.js';
import { processWiring } from '../wiring/process.js';
import type { Use } from '../wiring/wiring.js';
import { corsHeaders, preflightReply } from './cors.js';
import { errorStatus } from './error-status.js';
import type { FcContext, FcEventInput, FcHandler, FcHttpResult } from './fc-types.js';
import { requestIdOf, toHttpRequest, type HttpRequest } from './http-request.js';
import { errorReply, toFcResult, type HttpReply } from './http-response.js';
import { parseWith, readJson, readQuery } from './json-body.js';
import { rootLogger, type Logger } from './logger.js';
import { matchPattern } from './route-pattern.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** One request, already authenticated and parsed by the rules its route declares. */
export interface HttpCall<R extends RouteSpec = RouteSpec> {
  /** The caller, on `auth: 'bearer'` routes. */
  me: R['auth'] extends 'bearer' ? AccessClaims : undefined;
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  /** The JSON body; on `auth: 'signature'` routes left unparsed (read `req.body`, the exact bytes). */
  body: R['auth'] extends 'signature' ? undefined : Parsed<R['body']>;
  /** Resolves a wiring slice (`await use(chat)`): a function builds only the slices it asks for. */
  use: Use;
  config: Config;
  req: HttpRequest;
  requestId: string;
  log: Logger;
}

/**
 * Wraps one endpoint as an FC 3.0 HTTP handler: decode the event, match the route, authenticate
 * and parse path, query and body by the route's declaration, run the endpoint, and map any error
 * to the error shape with one table. Authentication comes first, so a stranger learns nothing
 * from validation errors.
 */
export function httpFunction<R extends RouteSpec>(route: R, endpoint: (call: HttpCall<R>) => Promise<HttpReply>): FcHandler<FcHttpResult> & { route: R } {
  const handler = async (event: FcEventInput, context: FcContext): Promise<FcHttpResult> => {
    const started = performance.now();
    let requestId = context?.requestId || randomUUID();
    let log = rootLogger().child({ requestId });
    let reply: HttpReply;
    let req: HttpRequest | undefined;
    let allowedOrigins: readonly string[] = [];
    try {
      req = toHttpRequest(event);
      requestId = requestIdOf({ contextId: context?.requestId, headers: req.headers }) ?? requestId;
      log = rootLogger().child({ requestId });
      const wiring = processWiring();
      allowedOrigins = wiring.config.http.corsAllowedOrigins;
      const matched = matchPattern(route.path, req.path);
      if (!matched) throw new AppError('route_not_found', `No route for ${req.path}`);
      // Each function also answers the preflight for its path (s.yaml routes OPTIONS to it too).
      if (req.method === 'OPTIONS') reply = preflightReply(req.headers.origin, allowedOrigins, methodsServedAt(route));
      else {
        if (req.method !== route.method) throw new AppError('method_not_allowed', `${req.method} is not allowed here`);
        req = { ...req, params: matched };
        const me = route.auth === 'bearer' ? await authenticate(await wiring.use(authenticator), req.headers.authorization) : undefined;
        const call = {
          me,
          params: route.params ? parseWith(route.params, matched, 'Path parameters are invalid') : undefined,
          query: route.query ? readQuery(req, route.query) : undefined,
          body: route.body && route.auth !== 'signature' ? readJson(req, route.body, wiring.config.http.maxBodyBytes) : undefined,
          use: wiring.use,
          config: wiring.config,
          req,
          requestId,
          log,
        } as HttpCall<R>;
        reply = await endpoint(call);
      }
    } catch (error) {
      reply = errorReply(error, requestId);
      if (reply.status >= 500) log.error({ err: error }, 'request failed');
    }
    if (reply.status === errorStatus.method_not_allowed) reply.headers = { ...reply.headers, allow: [...methodsServedAt(route), 'OPTIONS'].join(', ') };
    reply.headers = { ...corsHeaders(req?.headers.origin, allowedOrigins), ...reply.headers };
    log.info({ method: req?.method, path: req?.path, status: reply.status, ms: Math.round(performance.now() - started) }, 'request');
    return toFcResult(reply, requestId);
  };
  return Object.assign(handler, { route });
}

/** The methods on this route's path, its own included even when it is not in the registry. */
function methodsServedAt(route: RouteSpec): string[] {
  const methods: string[] = methodsOnPath(route.path);
  return methods.includes(route.method) ? methods : [...methods, route.method];
}

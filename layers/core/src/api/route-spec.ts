import type { z } from 'zod';
import type { HttpMethod } from '../runtime/http-function.js';

export type RouteAuth = 'none' | 'bearer' | 'signature' | 'token';

export interface RouteSpec {
  method: HttpMethod;
  path: string;
  summary: string;
  /**
   * Who may call it: `bearer` (an access token; the handler gets the caller as `me`), `none`, or
   * a credential the handler checks itself from the raw request: `signature` (provider webhooks:
   * the body is left unparsed, since the signature covers its exact bytes) or `token` (a signed
   * link, such as unsubscribe).
   */
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

/** Declares one route, keeping its literal types (auth, schemas) for the handler's inference. */
export const route = <R extends RouteSpec>(r: R) => r;

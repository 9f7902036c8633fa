/** FC 3.0 HTTP-trigger event, as built-in runtimes deliver it (see docs/adr/0002). */
export interface FcHttpEvent {
  version: 'v1';
  /** URL-encoded path; the decoded one is `requestContext.http.path`. */
  rawPath: string;
  body?: string;
  isBase64Encoded: boolean;
  /** Multiple values of one header are joined with commas. */
  headers: Record<string, string>;
  queryParameters?: Record<string, string>;
  requestContext: {
    accountId: string;
    domainName: string;
    domainPrefix: string;
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    time: string;
    timeEpoch: string;
    triggerId?: string;
  };
}

export interface FcHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}

export interface FcContext {
  requestId: string;
  credentials?: { accessKeyId: string; accessKeySecret: string; securityToken: string };
  function?: { name: string; handler: string; memory: number; timeout: number };
  region?: string;
  accountId?: string;
}

/** What FC passes to a handler: the event arrives as a Buffer of JSON. */
export type FcEventInput = Buffer | Uint8Array | string | object;

export type FcHandler<R = unknown> = (event: FcEventInput, context: FcContext) => Promise<R>;

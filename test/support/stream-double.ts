import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

export interface StreamRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the SDK sent none (GET, mark_ended). */
  body: unknown;
}

export interface DoubleCall {
  type: string;
  id: string;
  createdBy: string;
  members: string[];
  /** The getOrCreate request body as sent, for assertions (ring, video, settings_override). */
  createBodies: Record<string, unknown>[];
  endedAt: Date | null;
  sessionStartedAt: Date | null;
  sessionEndedAt: Date | null;
  participants: Map<string, Date>;
  blocked: Set<string>;
}

/** Stream's error body (`APIError`); real ones also carry `StatusCode`, which the SDK ignores. */
const apiError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, StatusCode: status, duration: '0.00ms', more_info: 'https://getstream.io/chat/docs/api_errors_response' },
});

const CALL_PATH = /^\/api\/v2\/video\/call\/([^/]+)\/([^/]+)(?:\/(mark_ended|kick|block))?$/;

/**
 * A loopback stand-in for Stream's coordinator API, just the part our adapter uses, checking each
 * request the way Stream would: `api_key` in the query, `Authorization` a server JWT (HS256 with the
 * API secret, `{server:true}`, no `Bearer `), `stream-auth-type: jwt`. Wrong key or signature get
 * 401 in Stream's error shape, so a misconfigured adapter fails here rather than in production.
 * `StreamClient`'s `basePath` points every API (chat and video) at it.
 */
export async function startStreamDouble(opts: { apiKey?: string; apiSecret?: string; refuseRepeats?: boolean } = {}) {
  const apiKey = opts.apiKey ?? 'double-key';
  const apiSecret = opts.apiSecret ?? 'double-secret-that-is-long-enough';
  const secret = new TextEncoder().encode(apiSecret);
  const requests: StreamRequest[] = [];
  const users = new Map<string, Record<string, unknown>>();
  const calls = new Map<string, DoubleCall>();

  const userResponse = (id: string) => ({
    id,
    role: 'user',
    custom: {},
    ...users.get(id),
    created_at: new Date(0).toISOString(),
    updated_at: new Date(0).toISOString(),
  });
  const callResponse = (c: DoubleCall) => ({
    cid: `${c.type}:${c.id}`,
    id: c.id,
    type: c.type,
    created_by: userResponse(c.createdBy),
    created_at: new Date(0).toISOString(),
    updated_at: new Date().toISOString(),
    ended_at: c.endedAt?.toISOString(),
    blocked_user_ids: [...c.blocked],
    custom: {},
    session: c.sessionStartedAt && {
      id: `session-${c.id}`,
      started_at: c.sessionStartedAt.toISOString(),
      ended_at: c.sessionEndedAt?.toISOString(),
      participants: [...c.participants].map(([id, at]) => ({ user: userResponse(id), user_session_id: `${id}-s`, role: 'user', joined_at: at.toISOString() })),
      accepted_by: {},
      rejected_by: {},
      missed_by: {},
    },
  });
  const membersResponse = (c: DoubleCall) => c.members.map((id) => ({ user_id: id, user: userResponse(id), role: 'user', custom: {} }));

  async function authProblem(req: StreamRequest) {
    if (req.query.get('api_key') !== apiKey) return apiError(401, 2, 'api_key not valid');
    if (req.headers['stream-auth-type'] !== 'jwt') return apiError(401, 5, 'stream-auth-type header must be jwt');
    const token = req.headers.authorization ?? '';
    try {
      const { payload, protectedHeader } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      if (protectedHeader.alg !== 'HS256' || payload.server !== true) return apiError(403, 17, 'token is not a server token');
    } catch (e) {
      return apiError(401, 5, `JWTAuth error: signature is not valid (${(e as Error).message})`);
    }
    return undefined;
  }

  function route(req: StreamRequest): { status: number; body: unknown } {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path === '/api/v2/users') {
      for (const [id, u] of Object.entries((body.users ?? {}) as Record<string, Record<string, unknown>>)) users.set(id, { ...u, id });
      return { status: 201, body: { users: Object.fromEntries([...users.keys()].map((id) => [id, userResponse(id)])), duration: '1ms' } };
    }
    const m = CALL_PATH.exec(req.path);
    if (!m) return apiError(404, 16, `the double does not serve ${req.method} ${req.path}`);
    const [, type, id, action] = m as unknown as [string, string, string, string | undefined];
    const cid = `${type}:${id}`;
    const call = calls.get(cid);
    if (req.method === 'POST' && !action) return getOrCreate(type, id, body);
    if (!call) return apiError(404, 16, `GetCall failed with error: "Can't find call with id ${cid}"`);
    if (req.method === 'GET' && !action)
      return { status: 200, body: { call: callResponse(call), members: membersResponse(call), own_capabilities: [], duration: '1ms' } };
    // Stream's answers to repeats are undocumented; `refuseRepeats` models the unkind reading.
    const refuse = (what: string) => apiError(400, 4, `${what} failed with error: "the double refuses repeats"`);
    if (req.method === 'POST' && action === 'mark_ended') {
      if (call.endedAt && opts.refuseRepeats) return refuse('EndCall');
      call.endedAt ??= new Date();
      if (call.sessionStartedAt) call.sessionEndedAt ??= call.endedAt;
      call.participants.clear();
      return { status: 201, body: { duration: '1ms' } };
    }
    if (req.method === 'POST' && (action === 'kick' || action === 'block')) {
      if (typeof body.user_id !== 'string') return apiError(400, 4, `${action} failed with error: "user_id is a required field"`);
      if (opts.refuseRepeats && (call.endedAt || (action === 'kick' && !call.participants.has(body.user_id)))) return refuse(action);
      call.participants.delete(body.user_id);
      if (body.block === true || action === 'block') call.blocked.add(body.user_id);
      return { status: 201, body: { duration: '1ms' } };
    }
    return apiError(404, 16, `the double does not serve ${req.method} ${req.path}`);
  }

  function getOrCreate(type: string, id: string, body: Record<string, unknown>) {
    const data = (body.data ?? {}) as { created_by_id?: string; members?: { user_id: string }[] };
    const cid = `${type}:${id}`;
    // Stream refuses users it has never seen; this is why the adapter upserts them first.
    const involved = [data.created_by_id, ...(data.members ?? []).map((x) => x.user_id)].filter((x): x is string => !!x);
    const unknown = involved.filter((u) => !users.has(u));
    if (unknown.length)
      return apiError(
        400,
        4,
        `GetOrCreateCall failed with error: "The following users are involved in call create operation, but don't exist: [${unknown.join(', ')}]"`,
      );
    let call = calls.get(cid);
    const created = !call;
    if (!call) {
      if (!data.created_by_id)
        return apiError(
          400,
          4,
          'GetOrCreateCall failed with error: "either data.created_by or data.created_by_id must be provided when using server side auth."',
        );
      call = {
        type,
        id,
        createdBy: data.created_by_id,
        members: [],
        createBodies: [],
        endedAt: null,
        sessionStartedAt: null,
        sessionEndedAt: null,
        participants: new Map(),
        blocked: new Set(),
      };
      calls.set(cid, call);
    }
    call.createBodies.push(body);
    for (const u of (data.members ?? []).map((x) => x.user_id)) if (!call.members.includes(u)) call.members.push(u);
    return { status: created ? 201 : 200, body: { created, call: callResponse(call), members: membersResponse(call), own_capabilities: [], duration: '1ms' } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: StreamRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      };
      requests.push(recorded);
      void authProblem(recorded).then((problem) => {
        const { status, body } = problem ?? route(recorded);
        res.writeHead(status, { 'content-type': 'application/json', 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999' }).end(JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const existing = (callId: string, type = 'default') => {
    const call = calls.get(`${type}:${callId}`);
    if (!call) throw new Error(`the double has no call ${type}:${callId}`);
    return call;
  };
  return {
    baseUrl,
    apiKey,
    apiSecret,
    requests,
    users,
    calls,
    call: existing,
    /** What Stream records when a client SDK joins: a session starts, the user is a participant. */
    simulateJoin(callId: string, userId: string, type = 'default') {
      const call = existing(callId, type);
      if (call.endedAt || call.blocked.has(userId)) throw new Error(`${userId} cannot join ${type}:${callId}`);
      call.sessionStartedAt ??= new Date();
      call.participants.set(userId, new Date());
    },
    simulateLeave(callId: string, userId: string, type = 'default') {
      const call = existing(callId, type);
      call.participants.delete(userId);
      if (call.participants.size === 0) call.sessionEndedAt = new Date();
    },
    newCallId: () => randomUUID(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type StreamDouble = Awaited<ReturnType<typeof startStreamDouble>>;

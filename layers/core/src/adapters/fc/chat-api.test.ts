import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.js';
import type { MessageView } from '../../domain/chat/message.js';
import type { FcHandler } from '../../runtime/fc-types.js';
import { handler as gatewayChat } from '../../../../../functions/invoke-gateway-chat/handler.js';
import { handler as createConversation } from '../../../../../functions/http-conversations-create/handler.js';
import { verifyAcs3 } from '../../../../../test/support/acs3.js';
import { useEmbeddedDeps } from '../../../../../test/support/deps.js';
import { bearer, call, fcContext } from '../../../../../test/support/fc-http.js';
import { registerUser } from '../../../../../test/support/users.js';
import { FcInvokeChatApi, parseEndpoint, type FcInvokeChatApiOptions } from './chat-api.js';

const FUNCTION = 'chat-invoke-gateway-chat';
const KEY = { accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'test-secret-do-not-leak' };
const caller = { userId: 'u_1', accessToken: 'access.token.value' };

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}
type Responder = (req: Seen) => Reply | 'hang' | Promise<Reply | 'hang'>;

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const fcError = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ Code: code, Message: message, RequestId: `1-${randomUUID()}` }),
});
const ok = (result: unknown): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/json', 'x-fc-request-id': `1-${randomUUID()}` },
  body: JSON.stringify({ ok: true, result }),
});

// The FC gateway's error codes for each reason the shared verifier refuses a signature.
const FC_SIGNATURE_CODES = {
  malformed: 'InvalidAuthorization',
  unknown_key: 'InvalidAccessKeyID',
  signed_headers: 'SignatureNotMatch',
  body_hash: 'SignatureNotMatch',
  expired: 'SignatureExpired',
  mismatch: 'SignatureNotMatch',
} as const;

function checkSignature(req: Seen, secrets: Record<string, string>): Reply | undefined {
  const failure = verifyAcs3(req, secrets);
  return failure && fcError(403, FC_SIGNATURE_CODES[failure.reason], failure.message);
}

/** Stands in for `<accountId>.<region>.fc.aliyuncs.com`: verifies each request, then asks `respond`. */
async function startFcDouble(secrets: Record<string, string>) {
  const requests: Seen[] = [];
  const state: { respond: Responder } = { respond: () => ok(null) };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      void Promise.resolve(checkSignature(seen, secrets) ?? state.respond(seen)).then((reply) => {
        if (reply === 'hang') return;
        res.writeHead(reply.status, reply.headers).end(reply.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fc = await startFcDouble({ [KEY.accessKeyId]: KEY.accessKeySecret, STS_KEY: 'sts-secret' });
afterAll(() => fc.close());
beforeEach(() => {
  fc.requests.length = 0;
  fc.state.respond = () => ok(null);
});

const api = (options: Partial<FcInvokeChatApiOptions> = {}) =>
  new FcInvokeChatApi({ functionName: FUNCTION, endpoint: fc.endpoint, credentials: KEY, timeoutMs: 3000, ...options });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error as AppError,
  );
const message = {
  id: 'm_1',
  conversationId: 'c_1',
  seq: 1,
  senderId: 'u_1',
  clientMsgId: 'k1',
  kind: 'text',
  text: 'hi',
  attachments: [],
  mentions: [],
  replyToSeq: null,
  reactions: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  editedAt: null,
  deletedAt: null,
} satisfies MessageView;

describe('FcInvokeChatApi against an FC double', () => {
  it('sends a signed synchronous InvokeFunction with the GatewayCall as body (sendMessage)', async () => {
    fc.state.respond = () => ok({ message, created: true });
    const input = { conversationId: 'c_1', clientMsgId: 'k1', text: 'hi' };
    await expect(api().sendMessage(caller, input)).resolves.toEqual({ message, created: true });
    const [req] = fc.requests;
    expect(req).toMatchObject({ method: 'POST', url: `/2023-03-30/functions/${FUNCTION}/invocations` });
    expect(req?.headers).toMatchObject({
      host: fc.endpoint.replace('http://', ''),
      'x-fc-invocation-type': 'Sync',
      'x-fc-log-type': 'None',
      'x-acs-action': 'InvokeFunction',
      'x-acs-version': '2023-03-30',
      'content-type': 'application/octet-stream',
      'x-acs-content-sha256': sha256(req?.body ?? ''),
      'x-acs-credentials-provider': 'static_ak',
    });
    expect(req?.headers.authorization).toMatch(
      new RegExp(
        `^ACS3-HMAC-SHA256 Credential=${KEY.accessKeyId},SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(req?.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f]{64}$/);
    expect(req?.headers['x-acs-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(req?.headers['x-acs-security-token']).toBeUndefined();
    expect(JSON.parse(req?.body ?? '')).toEqual({ action: 'sendMessage', caller, input });
  });

  it('sends markRead, history and memberships as their GatewayCall payloads', async () => {
    fc.state.respond = (req) => {
      const call = JSON.parse(req.body) as { action: string };
      if (call.action === 'markRead') return ok({ conversationId: 'c_1', seq: 4 });
      if (call.action === 'history') return ok({ items: [message], hasMore: false });
      return ok([{ conversationId: 'c_1', lastSeq: 4 }]);
    };
    const chat = api();
    await expect(chat.markRead(caller, { conversationId: 'c_1', seq: 4 })).resolves.toEqual({ conversationId: 'c_1', seq: 4 });
    await expect(chat.history(caller, { conversationId: 'c_1', afterSeq: 0, limit: 50 })).resolves.toEqual({ items: [message], hasMore: false });
    await expect(chat.memberships(caller)).resolves.toEqual([{ conversationId: 'c_1', lastSeq: 4 }]);
    expect(fc.requests.map((r) => JSON.parse(r.body))).toEqual([
      { action: 'markRead', caller, input: { conversationId: 'c_1', seq: 4 } },
      { action: 'history', caller, input: { conversationId: 'c_1', afterSeq: 0, limit: 50 } },
      { action: 'memberships', caller },
    ]);
  });

  it('signs the qualifier query and an STS security token', async () => {
    const chat = api({ qualifier: 'prod', credentials: { accessKeyId: 'STS_KEY', accessKeySecret: 'sts-secret', securityToken: 'sts-token' } });
    await expect(chat.memberships(caller)).resolves.toBeNull();
    const [req] = fc.requests;
    expect(req?.url).toBe(`/2023-03-30/functions/${FUNCTION}/invocations?qualifier=prod`);
    expect(req?.headers).toMatchObject({ 'x-acs-security-token': 'sts-token', 'x-acs-accesskey-id': 'STS_KEY', 'x-acs-credentials-provider': 'static_sts' });
    expect(req?.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=STS_KEY,SignedHeaders=content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,/,
    );
  });

  it('turns a domain error result into the same AppError', async () => {
    fc.state.respond = () => ({
      status: 200,
      body: JSON.stringify({
        ok: false,
        error: { code: 'not_found', message: 'Conversation not found', details: [{ field: 'conversationId', issue: 'unknown' }] },
      }),
    });
    const error = await failure(api().history(caller, { conversationId: 'c_x', afterSeq: 0, limit: 10 }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'not_found', message: 'Conversation not found', details: [{ field: 'conversationId', issue: 'unknown' }] });
  });

  it('keeps retryAfterSeconds of a domain error result', async () => {
    fc.state.respond = () => ({
      status: 200,
      body: JSON.stringify({ ok: false, error: { code: 'rate_limited', message: 'Too many attempts', details: [], retryAfterSeconds: 42 } }),
    });
    expect(await failure(api().memberships(caller))).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('maps an unknown error code to internal', async () => {
    fc.state.respond = () => ({ status: 200, body: JSON.stringify({ ok: false, error: { code: 'teapot', message: 'no', details: [] } }) });
    expect(await failure(api().memberships(caller))).toMatchObject({ code: 'internal' });
  });

  it('maps an unhandled function error (200 + X-Fc-Error-Type) to internal', async () => {
    fc.state.respond = () => ({
      status: 200,
      headers: { 'X-Fc-Error-Type': 'UnhandledInvocationError', 'x-fc-request-id': '1-abc' },
      body: JSON.stringify({ errorMessage: 'boom', errorType: 'TypeError', stackTrace: ['at x'] }),
    });
    const error = await failure(api().memberships(caller));
    expect(error).toMatchObject({ code: 'internal' });
    expect(error.message).toContain('UnhandledInvocationError');
    expect(error.message).toContain('1-abc');
  });

  it.each([
    [429, 'ResourceExhausted'],
    [503, 'ResourceThrottled'],
    [500, 'InternalServerError'],
  ])('maps FC %i %s to dependency_unavailable', async (status, code) => {
    fc.state.respond = () => fcError(status, code, 'try later');
    const error = await failure(api().memberships(caller));
    expect(error).toMatchObject({ code: 'dependency_unavailable' });
    expect(error.message).toContain(code);
  });

  it('maps FC 4xx (function not found) to internal with FC’s code', async () => {
    fc.state.respond = () => fcError(404, 'FunctionNotFound', `function '${FUNCTION}' does not exist`);
    const error = await failure(api().memberships(caller));
    expect(error).toMatchObject({ code: 'internal' });
    expect(error.message).toMatch(/HTTP 404 FunctionNotFound/);
  });

  it('maps a wrong secret (FC rejects the signature) to internal without leaking the secret', async () => {
    const wrong = 'wrong-secret-value';
    const error = await failure(api({ credentials: { accessKeyId: KEY.accessKeyId, accessKeySecret: wrong } }).memberships(caller));
    expect(error).toMatchObject({ code: 'internal' });
    expect(error.message).toContain('SignatureNotMatch');
    expect(error.message).not.toContain(wrong);
    expect(fc.requests).toHaveLength(1);
  });

  it('maps a refused connection to dependency_unavailable', async () => {
    const closed = await startFcDouble({});
    await closed.close();
    const error = await failure(api({ endpoint: closed.endpoint }).memberships(caller));
    expect(error).toMatchObject({ code: 'dependency_unavailable' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('maps a function that never answers to dependency_unavailable within timeoutMs', async () => {
    fc.state.respond = () => 'hang';
    const started = Date.now();
    const error = await failure(api({ timeoutMs: 300 }).memberships(caller));
    expect(error).toMatchObject({ code: 'dependency_unavailable' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fc.requests).toHaveLength(1);
  });
});

/** FC's side of an event function: the handler's return value as JSON, or 200 + X-Fc-Error-Type if it throws. */
const runFunction =
  (handler: FcHandler) =>
  async (req: Seen): Promise<Reply> => {
    const requestId = `1-${randomUUID()}`;
    try {
      const result = await handler(Buffer.from(req.body), { ...fcContext(), requestId });
      return { status: 200, headers: { 'content-type': 'application/json', 'x-fc-request-id': requestId }, body: JSON.stringify(result) };
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      return {
        status: 200,
        headers: { 'x-fc-error-type': 'UnhandledInvocationError', 'x-fc-request-id': requestId },
        body: JSON.stringify({ errorMessage: message, errorType: name, stackTrace: [] }),
      };
    }
  };

describe('FcInvokeChatApi end to end through the real invoke-gateway-chat handler', () => {
  beforeAll(async () => {
    await useEmbeddedDeps();
  });

  it('sends, pages, marks read, lists memberships, and carries domain errors back', async () => {
    const [alice, bob] = [await registerUser('fc_alice'), await registerUser('fc_bob')];
    const opened = await call(createConversation, {
      method: 'POST',
      path: '/v1/conversations',
      headers: bearer(alice.accessToken),
      body: { type: 'direct', userId: bob.id },
    });
    expect(opened.status).toBe(201);
    const conversationId = opened.json.conversation.id as string;
    fc.state.respond = runFunction(gatewayChat);
    const chat = api({ timeoutMs: 10_000 });
    const asAlice = { userId: alice.id, accessToken: alice.accessToken };
    const asBob = { userId: bob.id, accessToken: bob.accessToken };

    const sent = await chat.sendMessage(asAlice, { conversationId, clientMsgId: 'fc-e2e-1', text: 'hello over FC' });
    expect(sent).toMatchObject({ created: true, message: { conversationId, seq: 1, senderId: alice.id, text: 'hello over FC' } });
    await expect(chat.sendMessage(asAlice, { conversationId, clientMsgId: 'fc-e2e-1', text: 'hello over FC' })).resolves.toMatchObject({
      created: false,
      message: { id: sent.message.id },
    });
    await expect(chat.history(asBob, { conversationId, afterSeq: 0, limit: 10 })).resolves.toEqual({ items: [sent.message], hasMore: false });
    await expect(chat.markRead(asBob, { conversationId, seq: 1 })).resolves.toEqual({ conversationId, seq: 1 });
    await expect(chat.memberships(asBob)).resolves.toEqual([{ conversationId, lastSeq: 1 }]);

    expect(await failure(chat.history(asAlice, { conversationId: 'c_unknown', afterSeq: 0, limit: 10 }))).toMatchObject({ code: 'not_found' });
    expect(await failure(chat.memberships({ userId: bob.id, accessToken: alice.accessToken }))).toMatchObject({ code: 'invalid_token' });
    expect(fc.requests.every((r) => r.url === `/2023-03-30/functions/${FUNCTION}/invocations`)).toBe(true);
  });
});

describe('parseEndpoint', () => {
  it('takes a host as is (https by default) and a URL apart', () => {
    expect(parseEndpoint('123.cn-hangzhou.fc.aliyuncs.com')).toEqual({ host: '123.cn-hangzhou.fc.aliyuncs.com', protocol: 'https' });
    expect(parseEndpoint('http://127.0.0.1:9000')).toEqual({ host: '127.0.0.1:9000', protocol: 'http' });
    expect(() => parseEndpoint('https://x.example/path')).toThrow(/bare origin/);
  });
});

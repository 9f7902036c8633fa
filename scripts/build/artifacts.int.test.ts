import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey } from '@chat/core/adapters/jose/signing-keys';
import { PostgresSqlDatabase } from '@chat/core/adapters/postgres/sql';
import { migrate } from '@chat/core/adapters/sql/migrator';
import { routes, type FunctionName, type RouteSpec } from '@chat/core/api/routes';
import { requireServiceUrl } from '../../test/harness-env.js';
import { bearer, fcContext, httpEvent, type EventInput } from '../../test/support/fc-http.js';
import { OssStandIn } from '../../test/support/oss-stand-in.js';
import { loadSYaml } from '../lib/s-yaml.js';
import { invokeInFreshProcess } from './invoke.js';
import { buildAndUnpack, type Staged } from './stage.js';
import { readZip } from './zip.js';

/**
 * The deployable packages, run the way FC runs them: `npm run build`'s output is unzipped into a
 * code directory (and layers, if any, into a stand-in for /opt), then each function answers one
 * request in a fresh `node` process with production config and real PostgreSQL and Redis.
 */
type Request = Omit<EventInput, 'method' | 'path'>;

/**
 * What each HTTP function answers to a request that needs no data: without a token, endpoints
 * that require one say 401 (every handler authenticates first); public endpoints with a body say
 * 400 to `{}` (or to a missing required query parameter); the rest answer 200, with a closer look where the body is known.
 */
function expectedReply(name: FunctionName): { request: Request; status: number; errorCode?: string } {
  const route: RouteSpec = routes[name];
  const request = route.body ? { body: {} } : {};
  if (route.auth === 'bearer') return { request, status: 401, errorCode: 'unauthorized' };
  // Provider webhooks check their signature or path secret before reading the body (providers configured below).
  if (route.auth === 'signature') return { request, status: 401, errorCode: 'unauthorized' };
  // A required query parameter (the unsubscribe token) is as missing as a body.
  if (route.body || route.query?.safeParse({}).success === false) return { request, status: 400, errorCode: 'validation_failed' };
  return { request, status: 200 };
}

const bodyChecks: Partial<Record<FunctionName, (body: Record<string, unknown>) => void>> = {
  'http-jwks-get': (body) => expect(body.keys).toEqual([expect.objectContaining({ kid: signingKey.kid, alg: 'ES256' })]),
  'http-health-get': (body) => expect(body).toMatchObject({ status: 'ok', checks: { database: { ok: true }, cache: { ok: true } } }),
  'http-openapi-get': (body) => expect(body.openapi).toMatch(/^3\.1\./),
};

const functionNames = [...loadSYaml().functions.keys()];
let signingKey: Awaited<ReturnType<typeof generateSigningKey>>;
let env: Record<string, string>;
let root: string;
let staged: Staged;
let oss: OssStandIn;

beforeAll(async () => {
  const databaseUrl = requireServiceUrl('DATABASE_URL');
  const sql = new PostgresSqlDatabase(databaseUrl);
  try {
    await migrate(sql);
  } finally {
    await sql.close();
  }
  signingKey = await generateSigningKey();
  // The media functions need a bucket; the stand-in checks V4 signatures as OSS does.
  const credentials = { accessKeyId: 'STS.artifacts', accessKeySecret: 'artifacts-secret', securityToken: 'artifacts-token' };
  oss = await OssStandIn.start({ bucket: 'chat-media', region: 'cn-hangzhou', credentials: [credentials] });
  env = {
    OSS_REGION: 'cn-hangzhou',
    OSS_BUCKET: 'chat-media',
    OSS_ENDPOINT: oss.endpoint,
    ALIBABA_CLOUD_ACCESS_KEY_ID: credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: credentials.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: credentials.securityToken,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: requireServiceUrl('REDIS_URL'),
    AMQP_URL: requireServiceUrl('AMQP_URL'),
    JWT_SIGNING_KEYS: JSON.stringify([signingKey]),
    // The call providers, so the webhook functions load their readers (Stream's pulls in its SDK).
    STREAM_API_KEY: 'artifacts-stream-key',
    STREAM_API_SECRET: 'artifacts-stream-secret',
    ARTC_APP_ID: 'artifacts-artc-app',
    ARTC_APP_KEY: 'artifacts-artc-key',
    ARTC_CALLBACK_SECRET: 'artifacts-callback-secret',
  };
  root = await mkdtemp(path.join(os.tmpdir(), 'fc-artifacts-'));
  staged = await buildAndUnpack(root);
}, 300_000);

afterAll(async () => {
  await oss?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function invokeRaw(name: string, event: unknown) {
  const fn = staged.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no built function ${name}`);
  const context = { ...fcContext(), function: { name, handler: 'index.handler', memory: 512, timeout: 15 } };
  return invokeInFreshProcess({
    entry: fn.entry,
    exportName: fn.exportName,
    event,
    context,
    env,
    ...(staged.layerMount ? { layerMount: staged.layerMount } : {}),
  });
}

async function invokeHttp(name: string, request: Request = {}): Promise<{ status: number; result: Record<string, unknown>; body: Record<string, unknown> }> {
  const route = routes[name as FunctionName];
  const event = JSON.parse(httpEvent({ method: route.method, path: route.path.replace(/\{(\w+)\}/g, 'test-$1'), ...request }).toString('utf8')) as unknown;
  const reply = (await invokeRaw(name, event)).result as Record<string, unknown>;
  expect(reply).toEqual({ statusCode: expect.any(Number), headers: expect.any(Object), body: expect.any(String), isBase64Encoded: false });
  const text = reply.body as string;
  return { status: reply.statusCode as number, result: reply, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('npm run build', () => {
  it('packages every fc3 resource in s.yaml as a zip with the handler file at its root, native packages beside it', async () => {
    expect(staged.report.functions.map((f) => f.name).sort()).toEqual([...functionNames].sort());
    for (const fn of staged.report.functions) {
      const names = readZip(await readFile(fn.zipPath)).map((e) => e.name);
      expect(names.filter((n) => !n.startsWith('node_modules/'))).toEqual([path.basename(fn.entry)]);
      expect(
        names.some((n) => n.startsWith('node_modules/')),
        fn.name,
      ).toBe(fn.natives.length > 0);
    }
    // sharp is native: only the media processor ships it (with its linux-x64 libvips).
    expect(staged.report.functions.filter((f) => f.natives.length > 0).map((f) => [f.name, f.natives])).toEqual([['queue-media-process', ['sharp']]]);
    const processor = readZip(await readFile(staged.report.functions.find((f) => f.name === 'queue-media-process')!.zipPath)).map((e) => e.name);
    expect(processor).toContain('node_modules/sharp/package.json');
    expect(processor.some((n) => /^node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/.test(n))).toBe(true);
  });
});

describe.concurrent.each(functionNames.filter((n) => n.startsWith('http-')))('%s, unzipped and run in a fresh node process', (name) => {
  const route = routes[name as FunctionName];
  const expected = route ? expectedReply(name as FunctionName) : undefined;

  it(`answers ${route?.method} ${route?.path} with ${expected?.status}`, async () => {
    expect(route, `${name} has no entry in the route registry`).toBeDefined();
    const { status, result, body } = await invokeHttp(name, expected!.request);
    expect(status).toBe(expected!.status);
    expect((result.headers as Record<string, string>)['content-type']).toMatch(/^application\/json/);
    if (expected!.errorCode) {
      expect(body).toEqual({ error: expect.objectContaining({ code: expected!.errorCode, message: expect.any(String) }), requestId: expect.any(String) });
    }
    bodyChecks[name as FunctionName]?.(body);
  });
});

// Functions called with InvokeFunction (the gateway's) take a JSON payload and answer with data.
describe.concurrent.each(functionNames.filter((n) => n.startsWith('invoke-')))('%s, unzipped and run in a fresh node process', (name) => {
  it('answers an invalid payload with a validation error as data', async () => {
    const { result } = await invokeRaw(name, {});
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'validation_failed', message: expect.any(String) }) });
  });
});

// Queue workers get RabbitMQ-trigger batches (an array of CloudEvents); an empty batch does nothing.
describe.concurrent.each(functionNames.filter((n) => n.startsWith('queue-')))('%s, unzipped and run in a fresh node process', (name) => {
  it('takes an empty event-streaming batch and reports it processed nothing', async () => {
    const { result } = await invokeRaw(name, []);
    expect(result).toMatchObject({ processed: 0, skipped: 0, retried: 0 });
  });
});

// Timer functions get the FC timer-trigger event and run their periodic task once.
describe.concurrent.each(functionNames.filter((n) => n.startsWith('timer-')))('%s, unzipped and run in a fresh node process', (name) => {
  it('runs one tick of its task against the real services', async () => {
    const { result } = await invokeRaw(name, { triggerTime: new Date().toISOString(), triggerName: 'timer', payload: '' });
    expect(result).toEqual(expect.any(Object));
  });
});

it('knows what every built function should answer', () => {
  expect(functionNames.filter((n) => !/^(http|invoke|queue|timer)-/.test(n))).toEqual([]);
});

describe('packages working together', () => {
  it('a user registered through one function reads their profile through another', async () => {
    const username = `pkg_${randomBytes(5).toString('hex')}`;
    const registered = await invokeHttp('http-auth-register', {
      body: { username, email: `${username}@example.com`, password: 'correct horse battery staple' },
    });
    expect(registered.status).toBe(201);
    const { accessToken } = registered.body.tokens as { accessToken: string };

    const me = await invokeHttp('http-me-get', { headers: bearer(accessToken) });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username, email: `${username}@example.com` });
  });
});

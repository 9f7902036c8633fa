import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKey } from '../../layers/core/src/adapters/jose/signing-keys.js';
import { requireServiceUrl } from '../../test/harness-env.js';
import { fcContext, httpEvent } from '../../test/support/fc-http.js';
import { OssStandIn } from '../../test/support/oss-stand-in.js';
import { toRabbitMqCloudEvent } from '../local-cloud/queue-event.js';
import { invokeInFreshProcess, type Invocation } from './invoke.js';
import { buildAndUnpack } from './stage.js';

/**
 * Size and cold start of individual deployed functions (the bundle variant of `npm run build`):
 * each sample is a fresh `node` process that imports the unpacked package and answers one event
 * that reaches the function's wiring (a login that fails, an unauthenticated send, a push job for
 * a message that does not exist). Medians; page cache warm, so these are lower bounds.
 *
 * The media processor's job names a media that does not exist, so it loads sharp and the bucket
 * client (against the OSS stand-in) and reads the database, but decodes nothing.
 *
 *   eval "$(bash scripts/services up)"; npx tsx scripts/build/measure-functions.ts [--runs 11] [--only queue-media-process]
 */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, only: { type: 'string' } } });
const runs = Number(values.runs);

const job = {
  id: 'measure-1',
  type: 'push',
  payload: { conversationId: 'c-none', seq: 1, messageId: 'm-none', senderId: 'u-none', createdAt: new Date().toISOString() },
  createdAt: new Date().toISOString(),
  attempt: 0,
};
const mediaJob = { id: 'measure-2', type: 'media', payload: { mediaId: 'm-none' }, createdAt: new Date().toISOString(), attempt: 0 };
const allProbes: { fn: string; event: (run: number) => unknown; expect: (result: unknown) => boolean }[] = [
  {
    fn: 'http-auth-login',
    event: (run: number) =>
      JSON.parse(
        httpEvent({
          method: 'POST',
          path: '/v1/auth/login',
          body: { login: `nobody-${randomUUID()}`, password: 'wrong password here' },
          sourceIp: `10.9.${run % 250}.1`,
        }).toString('utf8'),
      ),
    expect: (r) => (r as { statusCode?: number }).statusCode === 401,
  },
  {
    fn: 'http-messages-send',
    event: () => JSON.parse(httpEvent({ method: 'POST', path: '/v1/conversations/c1/messages', body: { clientMsgId: 'a', text: 'hi' } }).toString('utf8')),
    expect: (r) => (r as { statusCode?: number }).statusCode === 401,
  },
  {
    fn: 'queue-push-deliver',
    event: () =>
      toRabbitMqCloudEvent(
        { body: JSON.stringify(job), deliveryTag: 1, exchange: 'chat.jobs', routingKey: 'push', redelivered: false, messageId: job.id },
        'chat.jobs.push',
      ),
    expect: () => true,
  },
  {
    fn: 'queue-media-process',
    event: (run: number) =>
      toRabbitMqCloudEvent(
        {
          body: JSON.stringify({ ...mediaJob, id: `measure-media-${randomUUID()}-${run}` }),
          deliveryTag: 1,
          exchange: 'chat.jobs',
          routingKey: 'media',
          redelivered: false,
          messageId: mediaJob.id,
        },
        'chat.jobs.media',
      ),
    expect: (r) => (r as { processed?: number }).processed === 1,
  },
];
const probes = values.only ? allProbes.filter((p) => values.only!.split(',').includes(p.fn)) : allProbes;

const root = await mkdtemp(path.join(os.tmpdir(), 'fc-measure-'));
const credentials = { accessKeyId: 'STS.measure', accessKeySecret: 'measure-secret', securityToken: 'measure-token' };
const oss = await OssStandIn.start({ bucket: 'chat-media', region: 'cn-hangzhou', credentials: [credentials] });
const env = {
  OSS_REGION: 'cn-hangzhou',
  OSS_BUCKET: 'chat-media',
  OSS_ENDPOINT: oss.endpoint,
  ALIBABA_CLOUD_ACCESS_KEY_ID: credentials.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: credentials.accessKeySecret,
  ALIBABA_CLOUD_SECURITY_TOKEN: credentials.securityToken,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: requireServiceUrl('DATABASE_URL'),
  REDIS_URL: requireServiceUrl('REDIS_URL'),
  AMQP_URL: requireServiceUrl('AMQP_URL'),
  JWT_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
};
const staged = await buildAndUnpack(path.join(root, 'bundle'), { variant: 'bundle' });
const samples = new Map<string, Invocation[]>();
const loadBefore = os.loadavg()[0]!;
for (let run = -1; run < runs; run++) {
  for (const probe of probes) {
    const fn = staged.functions.find((f) => f.name === probe.fn);
    if (!fn) throw new Error(`no built function ${probe.fn}`);
    const invocation = await invokeInFreshProcess({
      entry: fn.entry,
      exportName: fn.exportName,
      event: probe.event(run + 1),
      context: { ...fcContext() },
      env,
    });
    if (!probe.expect(invocation.result)) throw new Error(`${probe.fn}: unexpected result ${JSON.stringify(invocation.result).slice(0, 300)}`);
    // Run -1 only warms the page cache.
    if (run >= 0) samples.set(probe.fn, [...(samples.get(probe.fn) ?? []), invocation]);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (n: number) => `${Math.round(n / 1024)} KB`;
const ms = (n: number) => `${Math.round(n)} ms`;
console.log(
  `node ${process.version}, ${os.cpus().length} CPU, 1-min load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}, ${runs} runs per function, medians\n`,
);
console.log('| function | bundle | native modules | zip | import | spawn → response | CPU to response |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const probe of probes) {
  const built = staged.report.functions.find((f) => f.name === probe.fn)!;
  const s = samples.get(probe.fn)!;
  console.log(
    `| ${probe.fn} | ${kb(built.bytes)} | ${built.natives.length ? kb(built.nativeBytes) : '-'} | ${kb(built.zipBytes)} | ${ms(median(s.map((i) => i.importedAtMs)))} | ${ms(median(s.map((i) => i.totalMs)))} | ${ms(median(s.map((i) => i.cpuMs)))} |`,
  );
}
await oss.close();
await rm(root, { recursive: true, force: true });

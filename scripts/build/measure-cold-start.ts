import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKey } from '../../layers/core/src/adapters/jose/signing-keys.js';
import { requireServiceUrl } from '../../test/harness-env.js';
import { fcContext, httpEvent } from '../../test/support/fc-http.js';
import { invokeInFreshProcess, type Invocation } from './invoke.js';
import { buildAndUnpack, type StagedFunction } from './stage.js';

/**
 * Cold start and package size of the packaging variants in docs/adr/0001. Each run is a fresh
 * `node` process that imports the unpacked package and answers one request, as on an FC instance's
 * first call (page cache warm, which a real cold start does not enjoy: these are lower bounds).
 * Variants run round-robin so machine load drifts evenly over them.
 *
 *   eval "$(bash scripts/services up)"; npx tsx scripts/build/measure-cold-start.ts [--runs 21]
 */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, keep: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const probes = [
  { fn: 'http-jwks-get', method: 'GET', path: '/.well-known/jwks.json' },
  { fn: 'http-health-get', method: 'GET', path: '/v1/health' },
];

interface Candidate {
  label: string;
  functions: StagedFunction[];
  layerMount?: string;
  functionZip: number;
  layerZip: number;
  unpacked: number;
}

const root = await mkdtemp(path.join(os.tmpdir(), 'fc-cold-start-'));
const env = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  DATABASE_URL: requireServiceUrl('DATABASE_URL'),
  REDIS_URL: requireServiceUrl('REDIS_URL'),
  AMQP_URL: requireServiceUrl('AMQP_URL'),
  JWT_SIGNING_KEYS: JSON.stringify([await generateSigningKey()]),
};

const candidates: Candidate[] = [await baseline()];
for (const [label, options] of [
  ['A: bundle (minified)', { variant: 'bundle' }],
  ['A: bundle (not minified)', { variant: 'bundle', minify: false }],
  ['B: core layer', { variant: 'layer' }],
] as const) {
  const staged = await buildAndUnpack(path.join(root, label.replace(/\W+/g, '-')), options);
  const fn = staged.report.functions.find((f) => f.name === probes[0]!.fn)!;
  candidates.push({
    label,
    functions: staged.functions,
    ...(staged.layerMount ? { layerMount: staged.layerMount } : {}),
    functionZip: fn.zipBytes,
    layerZip: staged.report.layer?.zipBytes ?? 0,
    unpacked: fn.bytes + (staged.report.layer?.rawBytes ?? 0),
  });
}

const loadBefore = os.loadavg()[0]!;
const samples = new Map<string, Invocation[]>();
for (let run = -1; run < runs; run++) {
  for (const probe of probes) {
    for (const c of candidates) {
      const fn = c.functions.find((f) => f.name === probe.fn) ?? c.functions[0]!;
      const invocation = await invokeInFreshProcess({
        entry: fn.entry,
        exportName: fn.exportName,
        event: JSON.parse(httpEvent({ method: probe.method, path: probe.path }).toString('utf8')),
        context: { ...fcContext() },
        env,
        ...(c.layerMount ? { layerMount: c.layerMount } : {}),
      });
      const status = (invocation.result as { statusCode?: number }).statusCode;
      if (status !== 200) throw new Error(`${c.label} ${probe.fn}: status ${status}`);
      // Run -1 only warms the page cache and is not counted.
      if (run >= 0) samples.set(`${c.label}|${probe.fn}`, [...(samples.get(`${c.label}|${probe.fn}`) ?? []), invocation]);
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (n: number) => (!n ? '–' : n < 10_240 ? `${(n / 1024).toFixed(1)} KB` : `${Math.round(n / 1024)} KB`);
const ms = (n: number) => `${Math.round(n)} ms`;
console.log(
  `node ${process.version}, ${os.cpus().length} CPU, 1-min load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}, ${runs} runs per cell, medians\n`,
);
console.log('| variant | function zip | layer zip | unpacked code | ' + probes.map((p) => `${p.fn}: import / spawn→response / CPU`).join(' | ') + ' |');
console.log('| --- | --- | --- | --- | ' + probes.map(() => '---').join(' | ') + ' |');
for (const c of candidates) {
  const cells = probes.map((p) => {
    const s = samples.get(`${c.label}|${p.fn}`)!;
    return [median(s.map((i) => i.importedAtMs)), median(s.map((i) => i.totalMs)), median(s.map((i) => i.cpuMs))].map(ms).join(' / ');
  });
  console.log(`| ${c.label} | ${kb(c.functionZip)} | ${kb(c.layerZip)} | ${kb(c.unpacked)} | ${cells.join(' | ')} |`);
}
if (!values.keep) await rm(root, { recursive: true, force: true });

/** An empty handler: what Node itself costs, so the variants can be read as overhead above it. */
async function baseline(): Promise<Candidate> {
  const dir = path.join(root, 'baseline');
  await mkdir(dir, { recursive: true });
  const entry = path.join(dir, 'index.mjs');
  await writeFile(entry, "export const handler = async () => ({ statusCode: 200, headers: {}, body: '', isBase64Encoded: false });\n");
  const { size } = await stat(entry);
  const functions = probes.map((p) => ({ name: p.fn, entry, exportName: 'handler' }));
  return { label: 'node baseline (empty handler)', functions, functionZip: 0, layerZip: 0, unpacked: size };
}

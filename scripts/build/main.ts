import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../lib/s-yaml.js';
import { buildAll, type BuildReport, type Variant } from './build.js';
import { buildGateway, packGateway } from './gateway.js';
import { buildWeb } from './web.js';

/**
 * `npm run build`: one deployable package per fc3 resource in s.yaml (docs/adr/0001).
 * `--variant layer` builds the measured alternative; `--out dir` writes somewhere other than dist/.
 */
const { values } = parseArgs({ options: { variant: { type: 'string', default: 'bundle' }, out: { type: 'string' } } });
if (values.variant !== 'bundle' && values.variant !== 'layer') {
  console.error(`unknown --variant ${values.variant}; use bundle or layer`);
  process.exit(2);
}

const report = await buildAll({ variant: values.variant as Variant, ...(values.out ? { outDir: values.out } : {}) });
console.log(formatReport(report));
const ms = (n: number) => `${Math.round(n)} ms`;
console.log(
  `\nbuilt ${report.functions.length} functions (${report.variant}) → ${path.relative(ROOT, report.outDir) || '.'}: esbuild ${ms(report.bundleMs)}, with zips ${ms(report.totalMs)}`,
);

// The gateway node (ECS, infra/README.md): dist/gateway/index.mjs and its chunks, packed as the
// GatewayArtifactUrl tar.gz.
const gatewayStarted = performance.now();
const gateway = await buildGateway(values.out ? path.join(path.resolve(values.out), 'gateway') : undefined);
const tarball = await packGateway(gateway);
console.log(
  `built the gateway → ${path.relative(ROOT, tarball.file)}: ${(gateway.bytes / 1024).toFixed(1)} KB of JavaScript (${(tarball.bytes / 1024).toFixed(1)} KB packed), ${ms(performance.now() - gatewayStarted)}`,
);

// The web client (web/app) goes to dist/web: served at / by `npm start`, uploaded to OSS behind the CDN.
const webStarted = performance.now();
const web = await buildWeb(values.out ? path.join(path.resolve(values.out), 'web') : undefined);
const total = (k: 'bytes' | 'gzipBytes') => (web.reduce((n, a) => n + a[k], 0) / 1024).toFixed(1);
console.log(
  `built the web app → dist/web: ${web.length} JS/CSS files, ${total('bytes')} KB (${total('gzipBytes')} KB gzipped), ${ms(performance.now() - webStarted)}`,
);

function formatReport(r: BuildReport): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = [
    ['function', 'bundle', 'native', 'zip'],
    ...r.functions.map((f) => [f.name, kb(f.bytes), f.natives.length ? kb(f.nativeBytes) : '-', kb(f.zipBytes)]),
  ];
  if (r.layer) rows.push(['(layer) core', kb(r.layer.rawBytes), '-', kb(r.layer.zipBytes)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

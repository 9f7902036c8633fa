import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort } from '../../../scripts/lib/free-port.js';
import { spawnNode, waitUntilReady } from '../../../scripts/lib/node-process.js';
import { buildWeb, webAssets, webIsStale } from '../../../scripts/build/web.js';

/**
 * `npm run bench:web`: the web app's weight and speed on the local cloud (docs/performance.md).
 * - JS and CSS of dist/web, raw and gzipped.
 * - Time to interactive: navigation to the login form accepting input, in Debian's Chromium.
 * - A conversation with `--messages` messages (seeded over REST): time to open it (first rows
 *   shown) and to scroll to its first message, with the most rows the DOM held while scrolling.
 */
const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, chromium: { type: 'string', default: '/usr/bin/chromium' } } });
const COUNT = Number(values.messages);

if (await webIsStale()) await buildWeb();
const assets = await webAssets();
const sum = (k: 'bytes' | 'gzipBytes', ext: string) => assets.filter((a) => a.file.endsWith(ext)).reduce((n, a) => n + a[k], 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const port = await freePort();
const cloud = spawnNode('scripts/local-cloud/main.ts', {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bench-web-')),
    LOG_LEVEL: 'warn',
  },
  keepChars: 20_000,
});
await waitUntilReady(cloud, 'local cloud', () => cloud.output().includes('local cloud ready'));
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: values.chromium,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

try {
  // Time to interactive, cold (a new context has no cache) and warm (assets from the cache).
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
  const page = await context.newPage();
  const tti = async () => {
    const started = performance.now();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username or e-mail').waitFor();
    await page.getByLabel('Username or e-mail').fill('x');
    return performance.now() - started;
  };
  const cold = await tti();
  const warm = await tti();

  // A long conversation, seeded as its creator over REST, opened by the other member in the app.
  const api = async (method: string, p: string, body?: unknown, token?: string) => {
    const res = await fetch(base + p, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { user: { id: string }; tokens: { accessToken: string }; conversation: { id: string } };
  };
  const suffix = Date.now().toString(36);
  const reg = (n: string) =>
    api('POST', '/v1/auth/register', { username: `${n}_${suffix}`, email: `${n}_${suffix}@example.com`, password: 'correct horse battery' });
  const [writer, reader] = [await reg('writer'), await reg('reader')];
  const { conversation } = await api(
    'POST',
    '/v1/conversations',
    { type: 'group', title: 'Long history', memberIds: [reader.user.id] },
    writer.tokens.accessToken,
  );
  const seedStarted = performance.now();
  for (let i = 0; i < COUNT; i += 20) {
    const batch = Array.from({ length: Math.min(20, COUNT - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map((n) =>
        api('POST', `/v1/conversations/${conversation.id}/messages`, { clientMsgId: `b-${n}`, text: `message ${n + 1}` }, writer.tokens.accessToken),
      ),
    );
    if (i % 1000 === 0) process.stderr.write(`seeded ${i}/${COUNT}\n`);
  }
  const seedMs = performance.now() - seedStarted;

  await page.goto(`${base}/login`);
  await page.getByLabel('Username or e-mail').fill(`reader_${suffix}`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Chats' }).waitFor();
  const openStarted = performance.now();
  await page.goto(`${base}/c/${conversation.id}`);
  await page.locator('.timeline .msg').first().waitFor();
  const openMs = performance.now() - openStarted;
  const timeline = page.getByRole('log');
  const scrollStarted = performance.now();
  let maxRows = 0;
  while (!(await page.locator('.timeline .msg[data-seq="1"]').count())) {
    await timeline.evaluate((el: { scrollTop: number }) => (el.scrollTop = 0));
    await page.waitForTimeout(20);
    maxRows = Math.max(maxRows, Number(await timeline.getAttribute('data-rendered')));
  }
  const scrollMs = performance.now() - scrollStarted;

  console.log(
    [
      `web app bench: ${new Date().toISOString()}, ${process.platform} ${process.arch}, Node ${process.version}, Chromium ${browser.version()}`,
      `  JS   ${kb(sum('bytes', '.js'))} (${kb(sum('gzipBytes', '.js'))} gzipped)`,
      `  CSS  ${kb(sum('bytes', '.css'))} (${kb(sum('gzipBytes', '.css'))} gzipped)`,
      `  time to interactive (login form accepts input): cold ${Math.round(cold)} ms, warm ${Math.round(warm)} ms`,
      `  ${COUNT} messages (seeded in ${(seedMs / 1000).toFixed(0)} s): open ${Math.round(openMs)} ms, scroll to the first message ${(scrollMs / 1000).toFixed(1)} s, at most ${maxRows} rows in the DOM`,
    ].join('\n'),
  );
} finally {
  await browser.close();
  cloud.child.kill('SIGTERM');
  await cloud.exited;
}

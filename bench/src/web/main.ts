import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { freePort } from '../../../scripts/lib/free-port.js';
import { spawnNode, waitUntilReady } from '../../../scripts/lib/node-process.js';
import { buildWeb, webAssets, webIsStale } from '../../../scripts/build/web.js';
import { PgliteSqlDatabase } from '@chat/core/adapters/pglite/sql';

/**
 * `npm run bench:web`: the web app's weight and speed on the local cloud (docs/performance.md).
 * - JS and CSS of dist/web, raw and gzipped.
 * - Time to interactive: navigation to the login form accepting input, in Debian's Chromium.
 * - A conversation with `--messages` messages: time to open it (first rows shown) and to scroll
 *   to its first message, with the most rows the DOM held while scrolling. The first message goes
 *   through the API; the rest are inserted in one statement into the stopped cloud's PGlite (its
 *   counter and the conversation's last seq and activity moved with them), then the cloud starts
 *   again on the same data: seconds instead of ~25 minutes of sends at ~7/s.
 */
const { values } = parseArgs({ options: { messages: { type: 'string', default: '10000' }, chromium: { type: 'string', default: '/usr/bin/chromium' } } });
const COUNT = Number(values.messages);

if (await webIsStale()) await buildWeb();
const assets = await webAssets();
// What the page loads (index.html's scripts and styles) apart from the chunks loaded on demand
// (the GetStream and ARTC SDKs, only when a call on those providers starts).
const html = await readFile(path.resolve(import.meta.dirname, '../../../dist/web/index.html'), 'utf8');
const entry = (file: string) => html.includes(file);
const sum = (k: 'bytes' | 'gzipBytes', ext: string, initial = true) =>
  assets.filter((a) => a.file.endsWith(ext) && entry(a.file) === initial).reduce((n, a) => n + a[k], 0);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-web-'));
const port = await freePort();
const startCloud = async () => {
  const started = spawnNode('scripts/local-cloud/main.ts', {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    keepChars: 20_000,
  });
  await waitUntilReady(started, 'local cloud', () => started.output().includes('local cloud ready'));
  return started;
};
let cloud = await startCloud();
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
  await api('POST', `/v1/conversations/${conversation.id}/messages`, { clientMsgId: 'b-0', text: 'message 1' }, writer.tokens.accessToken);
  cloud.child.kill('SIGTERM');
  await cloud.exited;
  await bulkInsert(conversation.id, writer.user.id);
  cloud = await startCloud();
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
      `  on demand: ${assets
        .filter((a) => !entry(a.file))
        .map((a) => `${a.file} ${kb(a.bytes)} (${kb(a.gzipBytes)} gzipped)`)
        .join(', ')}`,
      `  time to interactive (login form accepts input): cold ${Math.round(cold)} ms, warm ${Math.round(warm)} ms`,
      `  ${COUNT} messages (seeded in ${(seedMs / 1000).toFixed(0)} s): open ${Math.round(openMs)} ms, scroll to the first message ${(scrollMs / 1000).toFixed(1)} s, at most ${maxRows} rows in the DOM`,
    ].join('\n'),
  );
} finally {
  await browser.close();
  cloud.child.kill('SIGTERM');
  await cloud.exited;
}

/** Messages 2..COUNT of the conversation, straight into the stopped cloud's PGlite, as the API would store them. */
async function bulkInsert(conversationId: string, senderId: string): Promise<void> {
  const db = await PgliteSqlDatabase.open(path.join(dataDir, 'pglite'));
  try {
    await db.transaction(async (tx) => {
      // One millisecond apart, ending now (after message 1): the newest is the conversation's activity.
      await tx.query(
        `INSERT INTO messages (conversation_id, seq, id, sender_id, client_msg_id, text, created_at, updated_at)
         SELECT $1, g, 'bench-' || g, $2, 'b-' || (g - 1), 'message ' || g, now() - make_interval(secs => ($3 - g) / 1000.0), now() - make_interval(secs => ($3 - g) / 1000.0)
         FROM generate_series(2, $3::int) AS g`,
        [conversationId, senderId, COUNT],
      );
      await tx.query('UPDATE message_counters SET last_seq = $2 WHERE conversation_id = $1', [conversationId, COUNT]);
      await tx.query('UPDATE conversations SET last_seq = $2, last_activity_at = now() WHERE id = $1', [conversationId, COUNT]);
    });
  } finally {
    await db.close();
  }
}

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectSharedChromium } from '../support/browser.js';
import { accessToken, expectAccessible, messageRow, messageText, openPerson, PASSWORD, register, send, slowQueueWrites, texts, type Person } from './driver.js';

/** The few fields the seeding step reads from the API's answers. */
type Seeded = { items: { id: string }[]; conversation: { id: string } };

// The screenshots in docs/ are refreshed on request (UPDATE_SCREENSHOTS=1); otherwise a run writes
// them to a temporary folder, so `npm test` leaves the checkout as it found it.
const DOCS = process.env.UPDATE_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs') : mkdtempSync(path.join(tmpdir(), 'web-screens-'));
const SCREENS = path.join(DOCS, 'screens');

/**
 * The web app in Debian's Chromium against a real `npm start`: two people in two browser contexts
 * (a third for the outsider), each step on the screens a person uses, on the local cloud and
 * Chromium all of test/web shares; the steps build on each other (alice and bob's conversation).
 */
describe('web app in Chromium', () => {
  // The `web` project's one local cloud and one Chromium (test/setup/web-shared.global.ts).
  const cloud = { url: inject('webCloudUrl') };
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let conversationUrl = '';
  // Other files use the same cloud at the same time: names unique to this file's run.
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

  beforeAll(async () => {
    browser = await connectSharedChromium(inject('chromiumWsEndpoint'));
    alice = await openPerson(browser, cloud.url, 'alice', suffix);
    bob = await openPerson(browser, cloud.url, 'bob', suffix);
    mkdirSync(SCREENS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('registers and logs in, with the refusals shown next to their field', async () => {
    await alice.page.goto('/');
    await alice.page.waitForURL('**/login');
    await expectAccessible(alice.page, 'login');
    await alice.page.screenshot({ path: path.join(SCREENS, 'login.png') });
    await register(alice);
    await register(bob);

    const other = await openPerson(browser, cloud.url, 'other', suffix);
    const page = other.page;
    await page.goto('/register');
    await page.getByLabel('Username').fill(alice.username);
    await page.getByLabel('E-mail').fill(`x_${suffix}@example.com`);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('#e-username').textContent()).toBe('That username is taken.');
    await page.getByLabel('Username').fill(`carol_${suffix}`);
    await page.getByLabel(/^Password/).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('#e-password').textContent()).toMatch(/\S/);
    expect(await page.getByLabel(/^Password/).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'register with errors');
    await page.screenshot({ path: path.join(SCREENS, 'register-errors.png') });

    // Wrong passwords until the per-account limit: the wait is shown and the button waits too.
    await page.goto('/login');
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('Username or e-mail').fill(alice.username);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('alert').waitFor();
      if (await page.getByRole('button', { name: 'Log in' }).isDisabled()) break;
    }
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Too many attempts\. Try again in \d+ s\./);
    expect(await page.getByRole('button', { name: 'Log in' }).isDisabled()).toBe(true);

    // Bob logs in again in a fresh context (login, not only register).
    const bob2 = await openPerson(browser, cloud.url, 'bob', suffix);
    await bob2.page.goto('/login');
    await bob2.page.getByLabel('Username or e-mail').fill(bob.username);
    await bob2.page.getByLabel('Password').fill(PASSWORD);
    await bob2.page.getByRole('button', { name: 'Log in' }).click();
    await bob2.page.getByRole('heading', { name: 'Chats' }).waitFor();
    expect(bob2.page.url()).toBe(`${cloud.url}/`);
    await Promise.all([other.context.close(), bob2.context.close()]);
  });

  it('alice finds bob and they chat in real time: typing is shown, the message arrives, "seen" appears', async () => {
    await alice.page.getByRole('button', { name: 'New chat' }).click();
    await alice.page.getByLabel('Find people by username').fill(bob.username);
    await alice.page.getByRole('button', { name: 'Message' }).click();
    await alice.page.waitForURL('**/c/*');
    conversationUrl = new URL(alice.page.url()).pathname;
    await send(alice.page, 'Hello Bob!');
    await messageText(alice.page, 'Hello Bob!').waitFor();

    // Bob was online when the conversation started: it appears in his list by itself.
    await bob.page.getByRole('link', { name: /Hello Bob!/ }).click();
    await messageText(bob.page, 'Hello Bob!').waitFor();
    // Bob never searched for alice: the app names her by id (GET /v1/users?ids=).
    await bob.page.getByRole('heading', { name: alice.username }).waitFor();
    await alice.page.getByText('Seen by').waitFor();

    await bob.page.getByLabel('Message', { exact: true }).pressSequentially('Hi Al');
    await alice.page.getByText(/is typing…/).waitFor();
    await bob.page.getByLabel('Message', { exact: true }).pressSequentially('ice');
    await bob.page.keyboard.press('Enter');
    await messageText(alice.page, 'Hi Alice').waitFor();
    await expect.poll(() => alice.page.locator('.typing').textContent()).toBe('');
    expect(await texts(alice.page)).toEqual(['Hello Bob!', 'Hi Alice']);
    await expectAccessible(alice.page, 'conversation');
    // Both were online before the chat began, and stay so across a reload: the dots say online
    // from the start (asked with presence.query, not only learnt from later presence events).
    await bob.page.locator('.conv-head .dot[data-presence="online"]').waitFor();
    await alice.page.reload();
    await alice.page.locator('.conv-head .dot[data-presence="online"]').waitFor({ timeout: 10_000 });
    await alice.page.locator('.list .conv .dot[data-presence="online"]').first().waitFor();
  });

  it('bob goes offline, alice sends three messages; back online bob has all three, once and in order', async () => {
    await bob.context.setOffline(true);
    // Alice's send queue stores slowly: each next message is typed while the last is being written.
    const restore = await slowQueueWrites(alice.page, 300);
    for (const t of ['one', 'two', 'three']) {
      await alice.page.getByLabel('Message', { exact: true }).fill(t);
      await alice.page.waitForTimeout(500);
      await alice.page.keyboard.press('Enter');
    }
    await messageText(alice.page, 'three').waitFor();
    await restore();
    await bob.context.setOffline(false);
    // Frames lost while offline leave a hole the store sees (a later seq) and fills over REST.
    const expected = ['Hello Bob!', 'Hi Alice', 'one', 'two', 'three'];
    await expect.poll(() => texts(bob.page), { timeout: 30_000 }).toEqual(expected);
    await bob.page.waitForTimeout(1_000);
    expect(await texts(bob.page)).toEqual(expected);
  });

  it('a message sent while offline shows as pending and goes out once when the network is back', async () => {
    await bob.context.setOffline(true);
    await send(bob.page, 'sent while offline');
    await bob.page.getByText('Sending…').waitFor();
    const banner = bob.page.getByRole('status').filter({ hasText: 'Offline' });
    await banner.waitFor({ timeout: 30_000 });
    await bob.page.screenshot({ path: path.join(SCREENS, 'offline.png') });
    // The banner takes a row of its own: it must not cover the list's header or the conversation's.
    const bannerBottom = ((b) => b!.y + b!.height)(await banner.boundingBox());
    for (const below of [bob.page.locator('header.list-head'), bob.page.locator('main').first()])
      expect((await below.boundingBox())!.y).toBeGreaterThanOrEqual(bannerBottom - 0.5);
    expect((await banner.boundingBox())!.y).toBeGreaterThanOrEqual(0); // and the page did not scroll it away
    await bob.context.setOffline(false);
    await messageText(alice.page, 'sent while offline').waitFor({ timeout: 30_000 });
    await expect.poll(() => bob.page.getByText('Sending…').count(), { timeout: 15_000 }).toBe(0);
    // Give a duplicate the time to show up, then count.
    await alice.page.waitForTimeout(1_500);
    expect((await texts(alice.page)).filter((t) => t === 'sent while offline')).toHaveLength(1);
    expect((await texts(bob.page)).filter((t) => t === 'sent while offline')).toHaveLength(1);
  });

  it('replies, edits, reactions and deletion reach the other side', async () => {
    const msg = messageRow(alice.page, 'two');
    await msg.getByRole('button', { name: 'Reply' }).click();
    await send(alice.page, 'a reply to two');
    await bob.page.locator('.msg', { hasText: 'a reply to two' }).locator('blockquote', { hasText: 'two' }).waitFor();

    await messageRow(alice.page, 'one').getByRole('button', { name: 'Edit' }).click();
    await alice.page.getByLabel('Message', { exact: true }).fill('one (fixed)');
    await alice.page.keyboard.press('Enter');
    await messageRow(bob.page, 'one \\(fixed\\)').getByText('(edited)').waitFor();

    await messageRow(bob.page, 'three').getByRole('button', { name: 'React 👍' }).click();
    await messageRow(alice.page, 'three').getByRole('button', { name: /👍 1/ }).waitFor();

    await messageRow(alice.page, 'a reply to two').getByRole('button', { name: 'Delete' }).click();
    await bob.page.locator('.msg .deleted').waitFor();
    expect(await texts(bob.page)).not.toContain('a reply to two');
  });

  it('an image upload shows its progress and the thumbnail appears for bob', async () => {
    // A 1600×1200 noisy PNG (about 5 MB, so the progress bar has time to show) at a throttled upload.
    const raw = Buffer.alloc(1600 * 1200 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251;
    const png = await sharp(raw, { raw: { width: 1600, height: 1200, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    const cdp = await alice.context.newCDPSession(alice.page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
    await alice.page.locator('input[type=file]').setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: png });
    const progress = alice.page.locator('progress#upload-progress');
    await progress.waitFor();
    await expect.poll(async () => Number(await progress.getAttribute('value'))).toBeGreaterThan(0);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const thumb = bob.page.getByRole('img', { name: 'noise.png' });
    await thumb.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => thumb.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0), { timeout: 30_000 })
      .toBe(true);
    expect(await progress.count()).toBe(0);
    await alice.page.getByRole('img', { name: 'noise.png' }).waitFor();
    await alice.page.mouse.move(0, 0);
    await alice.page.screenshot({ path: path.join(DOCS, 'screenshot-conversation.png') });
  });

  it('is usable at 360 px, and the list, settings and a group are accessible', async () => {
    await bob.page.setViewportSize({ width: 360, height: 720 });
    await expect.poll(() => bob.page.evaluate<number>('document.documentElement.scrollWidth'), { timeout: 15_000 }).toBeLessThanOrEqual(360);
    // A hovered message's action bar stays inside its own row: it never covers the one above.
    for (const text of ['two', 'three']) {
      const row = messageRow(bob.page, text);
      await row.hover();
      const bar = (await row.locator('.actions').boundingBox())!;
      const above = (await row.locator('xpath=ancestor::*[contains(@class,"row")]/preceding-sibling::*[1]').boundingBox())!;
      expect(bar.y).toBeGreaterThanOrEqual(above.y + above.height);
    }
    await bob.page.screenshot({ path: path.join(SCREENS, 'conversation-360.png') });
    await bob.page.getByRole('link', { name: 'Back to chats' }).click();
    await bob.page.locator('.list .conv').first().waitFor();
    // The last message's time (today: hours and minutes).
    expect(await bob.page.locator('.list .conv .conv-time').first().textContent()).toMatch(/\d{1,2}\D\d{2}/);
    await expectAccessible(bob.page, 'conversation list');
    await bob.page.screenshot({ path: path.join(SCREENS, 'list-360.png') });

    await alice.page.getByRole('link', { name: 'Settings' }).click();
    await alice.page.getByLabel('When mentioned').check();
    await alice.page.getByLabel('Quiet hours').check();
    await alice.page.getByRole('button', { name: 'Save' }).click();
    await alice.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expectAccessible(alice.page, 'settings');
    await alice.page.screenshot({ path: path.join(SCREENS, 'settings.png') });

    await alice.page.getByRole('button', { name: 'New chat' }).click();
    await alice.page.getByLabel('Find people by username').fill(bob.username);
    await alice.page.getByLabel('Add to group').check();
    await alice.page.getByLabel('Group name').fill('Weekend plans');
    await expectAccessible(alice.page, 'new chat dialog');
    await alice.page.getByRole('button', { name: 'Create group' }).click();
    await alice.page.getByRole('heading', { name: 'Weekend plans' }).waitFor();
    await send(alice.page, 'Group hello');
    await bob.page.getByRole('link', { name: /Weekend plans/ }).waitFor();
  });

  it('scrolls back through a long history while rendering only what is visible', { timeout: 120_000 }, async () => {
    const COUNT = 160;
    // COUNT messages seeded over REST as alice (the app's own token), then bob scrolls to the first.
    const token = await accessToken(alice.page);
    const api = (method: string, p: string, body?: unknown) =>
      fetch(cloud.url + p, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<Seeded>,
      );
    const bobId = (await api('GET', `/v1/users?q=${bob.username}`)).items[0]!.id;
    const { conversation } = await api('POST', '/v1/conversations', { type: 'group', title: 'History', memberIds: [bobId] });
    const started = Date.now();
    // In batches (the order within a batch is the server's: the first seq is checked below, not m1).
    for (let i = 0; i < COUNT; i += 20)
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          api('POST', `/v1/conversations/${conversation.id}/messages`, { clientMsgId: `seed-${i + j}`, text: `m${i + j + 1}` }),
        ),
      );
    console.log(`seeded ${COUNT} messages in ${Date.now() - started} ms`);

    await bob.page.setViewportSize({ width: 1000, height: 720 });
    await bob.page.goto(`/c/${conversation.id}`);
    const timeline = bob.page.getByRole('log');
    await bob.page.locator('.timeline .msg').first().waitFor();
    const rendered = async () => Number(await timeline.getAttribute('data-rendered'));
    const total = async () => Number(await timeline.getAttribute('data-total'));
    expect(await total()).toBeLessThan(COUNT);
    for (let i = 0; i < 100 && (await total()) < COUNT; i++) {
      await timeline.evaluate((el: { scrollTop: number }) => (el.scrollTop = 0));
      await bob.page.waitForTimeout(100);
      expect(await rendered()).toBeLessThan(60);
    }
    expect(await total()).toBe(COUNT);
    // The last page was prepended above the row in view (kept in place): one more scroll up.
    await timeline.evaluate((el: { scrollTop: number }) => (el.scrollTop = 0));
    await bob.page.locator('.timeline .msg[data-seq="1"]').waitFor();
    expect(await rendered()).toBeLessThan(60);
    expect(await bob.page.locator('.timeline .msg').count()).toBe(await rendered());
  });

  it('a conversation URL of someone else shows "not found", not its messages', async () => {
    const eve = await openPerson(browser, cloud.url, 'eve', suffix);
    await register(eve);
    await eve.page.goto(conversationUrl);
    await eve.page.getByRole('heading', { name: 'Conversation not found' }).waitFor();
    expect(await eve.page.locator('.timeline').count()).toBe(0);
    expect(await eve.page.content()).not.toContain('Hello Bob!');
    await expectAccessible(eve.page, 'not found');
    await eve.context.close();
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});

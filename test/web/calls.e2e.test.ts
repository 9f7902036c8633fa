import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectSharedChromium } from '../support/browser.js';
import { expectAccessible, openPerson, register, send, type Person } from './driver.js';

// Written into docs/ only with UPDATE_SCREENSHOTS=1 (see chat.e2e.test.ts).
const SCREENS =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screens') : mkdtempSync(path.join(tmpdir(), 'web-screens-'));

/** The in-call panel's RTCPeerConnection state (`data-connection`), or '' when there is none. */
const connection = (page: Page) =>
  page
    .locator('.in-call')
    .getAttribute('data-connection', { timeout: 1_000 })
    .catch(() => '');

/**
 * Calls in the web app against `npm start` (the `local` provider: browsers connect peer to peer,
 * signalling through `call.signal`), with Chromium's fake microphone: alice calls bob, who has two
 * tabs; both ring, he answers in one, the other stops ringing, the peer connections connect, alice
 * hangs up, and the call is in the timeline.
 */
describe('calls in the web app', () => {
  // The `web` project's one local cloud and one Chromium (test/setup/web-shared.global.ts).
  const cloud = { url: inject('webCloudUrl') };
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  // Other files use the same cloud at the same time: names unique to this file's run.
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

  beforeAll(async () => {
    browser = await connectSharedChromium(inject('chromiumWsEndpoint'));
    alice = await openPerson(browser, cloud.url, 'alice', suffix);
    bob = await openPerson(browser, cloud.url, 'bob', suffix);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('alice calls bob: both of his tabs ring, he answers in one, they connect, she hangs up', async () => {
    await register(alice);
    await register(bob);
    const bobTab2 = await bob.context.newPage();
    bobTab2.on('pageerror', (e) => bob.errors.push(e.message));
    await bobTab2.goto('/');
    await bobTab2.getByRole('heading', { name: 'Chats' }).waitFor();

    await alice.page.getByRole('button', { name: 'New chat' }).click();
    await alice.page.getByLabel('Find people by username').fill(bob.username);
    await alice.page.getByRole('button', { name: 'Message' }).click();
    await alice.page.waitForURL('**/c/*');
    // The message reaching both of bob's tabs over their sockets: both are connected.
    await send(alice.page, 'call me');
    await Promise.all([bob.page, bobTab2].map((p) => p.getByRole('link', { name: /call me/ }).waitFor()));

    await alice.page.getByRole('button', { name: 'Audio call' }).click();
    await alice.page.locator('.in-call').getByText('Ringing…').waitFor();
    await Promise.all([ringing(bob.page).waitFor(), ringing(bobTab2).waitFor()]);
    await expectAccessible(bobTab2, 'incoming call');
    mkdirSync(SCREENS, { recursive: true });
    await bobTab2.screenshot({ path: path.join(SCREENS, 'incoming-call.png') });

    await ringing(bob.page).getByRole('button', { name: 'Answer' }).click();
    // Answered elsewhere: the other tab stops ringing and joins nothing.
    await ringing(bobTab2).waitFor({ state: 'detached' });
    expect(await bobTab2.locator('.in-call').count()).toBe(0);

    await expect.poll(() => connection(alice.page), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => connection(bob.page), { timeout: 20_000 }).toBe('connected');
    const panel = bob.page.locator('.in-call');
    await panel.getByText('Connected').waitFor();
    expect(await panel.getByRole('list', { name: 'In the call' }).getByRole('listitem').count()).toBe(2);
    await panel.getByRole('button', { name: 'Mute microphone' }).click();
    expect(await panel.getByRole('button', { name: 'Unmute microphone' }).getAttribute('aria-pressed')).toBe('true');
    await expectAccessible(bob.page, 'in call');

    await alice.page.locator('.in-call').getByRole('button', { name: 'Hang up' }).click();
    await Promise.all([alice.page, bob.page].map((p) => p.locator('.in-call').waitFor({ state: 'detached' })));

    // The call's message, on both sides.
    await alice.page.locator('.timeline .call-note', { hasText: /Audio call from You: 0 min \d+ s/ }).waitFor();
    await bob.page.getByRole('link', { name: /Audio call/ }).click();
    await bob.page.locator('.timeline .call-note', { hasText: /Audio call from alice_/ }).waitFor();
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('a video call: both peers connect and play video; the camera turns off and on again', async () => {
    await alice.page.getByRole('button', { name: 'Video call' }).click();
    await ringing(bob.page).getByRole('button', { name: 'Answer' }).click();
    for (const p of [alice.page, bob.page]) await expect.poll(() => connection(p), { timeout: 20_000 }).toBe('connected');
    // The other side's video plays (frames of Chromium's fake camera), and my own preview too.
    for (const p of [alice.page, bob.page]) {
      await expect.poll(() => videoWidth(p, /'s video$/), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => videoWidth(p, /^Your camera$/), { timeout: 15_000 }).toBeGreaterThan(0);
    }
    const panel = bob.page.locator('.in-call');
    await panel.getByRole('button', { name: 'Turn camera off' }).click();
    expect(await panel.getByRole('button', { name: 'Turn camera on' }).getAttribute('aria-pressed')).toBe('true');
    expect(await cameraEnabled(bob.page)).toBe(false);
    await panel.getByRole('button', { name: 'Turn camera on' }).click();
    expect(await cameraEnabled(bob.page)).toBe(true);
    await expectAccessible(bob.page, 'in video call');
    await bob.page.screenshot({ path: path.join(SCREENS, 'in-call-video.png') });
    await panel.getByRole('button', { name: 'Hang up' }).click();
    await Promise.all([alice.page, bob.page].map((p) => p.locator('.in-call').waitFor({ state: 'detached' })));
    await alice.page.locator('.timeline .call-note', { hasText: /Video call from You: 0 min \d+ s/ }).waitFor();
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('a declined call: bob declines on one tab, both stop ringing, alice is told, the timeline says declined', async () => {
    const bobTab2 = bob.context.pages()[1]!;
    await alice.page.getByRole('button', { name: 'Audio call' }).click();
    await Promise.all([ringing(bob.page).waitFor(), ringing(bobTab2).waitFor()]);
    await ringing(bobTab2).getByRole('button', { name: 'Decline' }).click();
    await Promise.all([bob.page, bobTab2].map((p) => ringing(p).waitFor({ state: 'detached' })));
    await alice.page.locator('.in-call').waitFor({ state: 'detached' });
    await alice.page.getByRole('status').filter({ hasText: 'The call was declined.' }).waitFor();
    await alice.page.locator('.timeline .call-note', { hasText: /Audio call from You: declined/ }).waitFor();
    await expectAccessible(alice.page, 'call declined');
    await alice.page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await bob.page.locator('.in-call').count()).toBe(0);
  });

  it('a group video call: three people, each connected to both others', async () => {
    const carol = await openPerson(browser, cloud.url, 'carol', suffix);
    await register(carol);
    await alice.page.getByRole('button', { name: 'New chat' }).click();
    for (const who of [bob, carol]) {
      await alice.page.getByLabel('Find people by username').fill(who.username);
      await alice.page.locator('.people li', { hasText: who.username }).getByLabel('Add to group').check();
    }
    await alice.page.getByLabel('Group name').fill('Call crew');
    await alice.page.getByRole('button', { name: 'Create group' }).click();
    await alice.page.getByRole('heading', { name: 'Call crew' }).waitFor();
    await send(alice.page, 'group call soon');
    await Promise.all([bob.page, carol.page].map((p) => p.getByRole('link', { name: /Call crew/ }).waitFor()));

    await alice.page.getByRole('button', { name: 'Video call' }).click();
    for (const p of [bob.page, carol.page]) await ringing(p).getByRole('button', { name: 'Answer' }).click();
    const pages = [alice.page, bob.page, carol.page];
    for (const p of pages) await expect.poll(() => connection(p), { timeout: 30_000 }).toBe('connected');
    for (const p of pages) {
      await expect.poll(() => p.locator('.in-call').getByRole('list', { name: 'In the call' }).getByRole('listitem').count(), { timeout: 15_000 }).toBe(3);
      await expect.poll(() => p.locator('.in-call video[aria-label$="\'s video"]').count(), { timeout: 15_000 }).toBe(2);
    }
    // alice leaves; bob and carol stay connected to each other; then they hang up too.
    await alice.page.locator('.in-call').getByRole('button', { name: 'Hang up' }).click();
    await alice.page.locator('.in-call').waitFor({ state: 'detached' });
    for (const p of [bob.page, carol.page])
      await expect.poll(() => p.locator('.in-call').getByRole('list', { name: 'In the call' }).getByRole('listitem').count(), { timeout: 15_000 }).toBe(2);
    expect(await connection(bob.page)).toBe('connected');
    await bob.page.locator('.in-call').getByRole('button', { name: 'Hang up' }).click();
    // carol, alone in an answered call, leaves by herself: the call ends.
    await carol.page.locator('.in-call').waitFor({ state: 'detached' });
    await alice.page.locator('.timeline .call-note', { hasText: /Video call from You: 0 min \d+ s/ }).waitFor();
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([]);
  });
});

const ringing = (p: Page) => p.getByRole('dialog', { name: /Incoming call from alice_/ });

/** The width of the frames a `<video>` of the in-call panel (by its label) is playing; 0 before any. */
const videoWidth = (p: Page, label: RegExp) =>
  p
    .locator('.in-call video')
    .evaluateAll(
      (vs: { videoWidth: number; getAttribute(name: string): string | null }[], source: string) =>
        vs.find((v) => new RegExp(source).test(v.getAttribute('aria-label') ?? ''))?.videoWidth ?? 0,
      label.source,
    );

/** Whether my camera track is enabled (the toggle disables it rather than renegotiating). */
const cameraEnabled = (p: Page) =>
  p
    .locator('.in-call video[aria-label="Your camera"]')
    .evaluate((v: { srcObject: { getVideoTracks(): { enabled: boolean }[] } }) => v.srcObject.getVideoTracks()[0]!.enabled);

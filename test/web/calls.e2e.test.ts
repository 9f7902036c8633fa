import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud.js';
import { expectAccessible, openPerson, register, send, type Person } from './driver.js';

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
  let cloud: RunningCloud;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    [cloud, browser] = await Promise.all([startLocalCloud(), launchChromium()]);
    alice = await openPerson(browser, cloud.url, 'alice', suffix);
    bob = await openPerson(browser, cloud.url, 'bob', suffix);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (cloud && cloud.process.exitCode === null) await cloud.stop();
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
    const ringing = (p: Page) => p.getByRole('dialog', { name: /Incoming call from alice_/ });
    await Promise.all([ringing(bob.page).waitFor(), ringing(bobTab2).waitFor()]);
    await expectAccessible(bobTab2, 'incoming call');

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
});

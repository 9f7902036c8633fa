import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectSharedChromium } from '../support/browser.js';
import { expectAccessible, messageText, openPerson, register, send, type Person } from './driver.js';

const SCREENS =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screens') : mkdtempSync(path.join(tmpdir(), 'web-screens-'));

/**
 * A group's member panel against `npm start`: the owner adds and removes people and names admins,
 * a plain member sees no remove controls and may only leave, a removed member loses the group on screen.
 */
describe('group members in the web app', () => {
  // The `web` project's one local cloud and one Chromium (test/setup/web-shared.global.ts).
  const cloud = { url: inject('webCloudUrl') };
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  // Other files use the same cloud at the same time: names unique to this file's run.
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

  beforeAll(async () => {
    browser = await connectSharedChromium(inject('chromiumWsEndpoint'));
    [alice, bob, carol] = await Promise.all([
      openPerson(browser, cloud.url, 'alice', suffix),
      openPerson(browser, cloud.url, 'bob', suffix),
      openPerson(browser, cloud.url, 'carol', suffix),
    ]);
    await Promise.all([register(alice), register(bob), register(carol)]);
    mkdirSync(SCREENS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('alice adds carol to a group with bob; bob, a plain member, can only leave until made admin; carol, removed, loses it', async () => {
    await alice.page.getByRole('button', { name: 'New chat' }).click();
    await alice.page.getByLabel('Find people by username').fill(bob.username);
    await alice.page.getByLabel('Add to group').check();
    await alice.page.getByLabel('Group name').fill('Book club');
    await alice.page.getByRole('button', { name: 'Create group' }).click();
    await alice.page.getByRole('heading', { name: 'Book club' }).waitFor();
    await send(alice.page, 'Welcome to the club');

    // The owner's panel: add by username search; the refusal of the API would show inline.
    await alice.page.getByRole('button', { name: '2 members' }).click();
    const panel = alice.page.getByRole('region', { name: /Members/ });
    await panel.getByLabel('Add people by username').fill(carol.username);
    await panel.getByRole('button', { name: `Add ${carol.username}` }).click();
    await panel.getByRole('heading', { name: 'Members (3)' }).waitFor();
    await alice.page.getByRole('button', { name: '3 members' }).waitFor();
    expect(await panel.getByRole('button', { name: /^Remove / }).count()).toBe(2);
    // The owner cannot leave (the server refuses it): no button for it.
    expect(await panel.getByRole('button', { name: 'Leave group' }).count()).toBe(0);
    await expectAccessible(alice.page, 'members panel (owner)');
    await alice.page.mouse.move(0, 0);
    await alice.page.screenshot({ path: path.join(SCREENS, 'members.png') });

    // Carol was online: the group joins her list without a reload, with its history.
    await carol.page.getByRole('link', { name: /Book club/ }).click();
    await messageText(carol.page, 'Welcome to the club').waitFor();

    // Bob is a plain member: he sees the members and their roles, no remove, only leave.
    await bob.page.getByRole('link', { name: /Book club/ }).click();
    await bob.page.getByRole('button', { name: '3 members' }).click();
    const bobPanel = bob.page.getByRole('region', { name: /Members/ });
    await bobPanel.getByText('owner').waitFor();
    expect(await bobPanel.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await bobPanel.getByLabel('Add people by username').count()).toBe(0);
    await bobPanel.getByRole('button', { name: 'Leave group' }).waitFor();
    await expectAccessible(bob.page, 'members panel (member)');

    // Alice makes bob an admin: his open panel gains the add controls (conversation.updated), and
    // loses them again when she takes the role back. An admin changes no roles himself.
    await panel.getByRole('button', { name: `Make admin ${bob.username}` }).click();
    await bobPanel.getByLabel('Add people by username').waitFor();
    await bobPanel.getByText('admin').waitFor();
    expect(await bobPanel.getByRole('button', { name: /^Make / }).count()).toBe(0);
    await panel.getByRole('button', { name: `Remove admin ${bob.username}` }).click();
    await expect.poll(() => bobPanel.getByLabel('Add people by username').count(), { timeout: 15_000 }).toBe(0);

    // Alice removes carol: carol's open conversation says not found, and the list drops it.
    // (Display names default to the username.)
    await panel.getByRole('button', { name: `Remove ${carol.username}` }).click();
    await panel.getByRole('heading', { name: 'Members (2)' }).waitFor();
    await carol.page.getByRole('heading', { name: 'Conversation not found' }).waitFor();
    await expect.poll(() => carol.page.getByRole('link', { name: /Book club/ }).count(), { timeout: 15_000 }).toBe(0);
    expect(await carol.page.content()).not.toContain('Welcome to the club');

    // Bob leaves: back at his list, without the group; alice's panel shows her alone.
    await bobPanel.getByRole('button', { name: 'Leave group' }).click();
    await bob.page.getByRole('heading', { name: 'Pick a conversation' }).waitFor();
    await expect.poll(() => bob.page.getByRole('link', { name: /Book club/ }).count(), { timeout: 15_000 }).toBe(0);
    await panel.getByRole('heading', { name: 'Members (1)' }).waitFor();
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([]);
  });
});

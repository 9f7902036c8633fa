import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousA11yViolations } from '../support/browser.js';

export const PASSWORD = 'correct horse battery';

/** One person in one browser context (its own storage: tokens, the IndexedDB send queue). */
export interface Person {
  name: string;
  username: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a test ends by expecting none. */
  errors: string[];
}

export async function openPerson(browser: Browser, base: string, name: string, suffix: string, viewport = { width: 1000, height: 720 }): Promise<Person> {
  const context = await browser.newContext({ viewport, baseURL: base });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Deleting asks for confirmation.
  page.on('dialog', (d) => void d.accept());
  return { name, username: `${name}_${suffix}`, context, page, errors };
}

export async function register(p: Person): Promise<void> {
  await p.page.goto('/register');
  await p.page.getByLabel('Username').fill(p.username);
  await p.page.getByLabel('E-mail').fill(`${p.username}@example.com`);
  await p.page.getByLabel(/^Password/).fill(PASSWORD);
  await p.page.getByRole('button', { name: 'Create account' }).click();
  await p.page.getByRole('heading', { name: 'Chats' }).waitFor();
}

/**
 * Makes every IndexedDB write in the page complete `ms` later, as on a busy phone, until the
 * returned function is called: the send queue's write then overlaps the typing of the next message.
 */
export async function slowQueueWrites(page: Page, ms: number): Promise<() => Promise<void>> {
  // Runs in the page; typed structurally because the repo's tsconfig has no DOM library.
  type Tx = { oncomplete: unknown; addEventListener(type: 'complete', f: (e: unknown) => void): void };
  type Proto = { transaction(...args: unknown[]): Tx; slowed?: (...args: unknown[]) => Tx };
  await page.evaluate((delay) => {
    const proto = (globalThis as unknown as { IDBDatabase: { prototype: Proto } }).IDBDatabase.prototype;
    const original = (proto.slowed ??= proto.transaction);
    proto.transaction = function (this: unknown, ...args: unknown[]) {
      const tx = original.apply(this, args);
      if (args[1] !== 'readwrite') return tx;
      let handler: ((e: unknown) => void) | null = null;
      Object.defineProperty(tx, 'oncomplete', { get: () => handler, set: (h: typeof handler) => (handler = h) });
      tx.addEventListener('complete', (e) => setTimeout(() => handler?.call(tx, e), delay));
      return tx;
    };
  }, ms);
  return () =>
    page.evaluate(() => {
      const proto = (globalThis as unknown as { IDBDatabase: { prototype: Proto } }).IDBDatabase.prototype;
      if (proto.slowed) proto.transaction = proto.slowed;
    });
}

/** Types into the composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.keyboard.press('Enter');
}

/** The texts of the messages in the timeline, in order (what is rendered). */
export const texts = (page: Page) => page.locator('.timeline .msg .text').allTextContents();

export const messageText = (page: Page, text: string) => page.locator('.timeline .msg .text', { hasText: new RegExp(`^${text}$`) });

/** The message (article) whose text is exactly `text` (a regular expression source). */
export const messageRow = (page: Page, text: string) => page.locator('.timeline .msg', { has: page.locator('.text', { hasText: new RegExp(`^${text}$`) }) });

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The access token the app keeps (to seed history over REST in a test). */
export async function accessToken(page: Page): Promise<string> {
  const raw = await page.evaluate<string | null>("localStorage.getItem('chat.tokens')");
  return (JSON.parse(raw!) as { accessToken: string }).accessToken;
}

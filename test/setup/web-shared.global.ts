import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { BROWSER_ARGS, CHROMIUM } from '../support/browser.js';
import { startLocalCloud } from '../support/local-cloud.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one `npm start` the browser test files share. */
    webCloudUrl: string;
    /** The one Chromium they share (each file connects and opens its own contexts). */
    chromiumWsEndpoint: string;
  }
}

/**
 * Vitest global setup of the `web` project: one local cloud and one Chromium for every file in
 * test/web, started once while the files still run in parallel. Each file used to start its own
 * (a cloud is a few seconds of both cores, Chromium about one). The files keep apart by their
 * users (random suffixes) and their own browser contexts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [cloud, server] = await Promise.all([startLocalCloud(), chromium.launchServer({ executablePath: CHROMIUM, args: BROWSER_ARGS, headless: true })]);
  project.provide('webCloudUrl', cloud.url);
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
    if (cloud.process.exitCode === null) await cloud.stop();
  };
}

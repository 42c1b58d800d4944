// The set-up every e2e test file shares: the stack and one Chromium, started before its tests and
// stopped after them, and a fresh incognito tab per use.
import { after, before } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, RecordedPage } from './browser.js';
import { startE2eStack, type E2eStack } from './e2e-stack.js';

/** A hung page fails its test instead of stalling the run. */
export const TEST_TIMEOUT_MS = 90_000;
/** Seeding the demo data on a first run takes a while; later runs reuse it. */
const START_TIMEOUT_MS = 180_000;

export interface E2eSuite {
  /** The running stack (only inside tests and hooks). */
  readonly stack: E2eStack;
  /** Runs `work` with a fresh incognito tab, closed afterwards whatever happens. */
  withTab<T>(work: (tab: RecordedPage) => Promise<T>): Promise<T>;
}

/** Registers the file's `before` and `after` hooks; call it once at the top of a test file. */
export function e2eSuite(): E2eSuite {
  let stack: E2eStack | undefined;
  let browser: Browser | undefined;

  before(
    async () => {
      const [started, launched] = await Promise.allSettled([startE2eStack(), launchBrowser()]);
      if (started.status === 'fulfilled') stack = started.value;
      if (launched.status === 'fulfilled') browser = launched.value;
      if (started.status === 'rejected') throw started.reason;
      if (launched.status === 'rejected') throw launched.reason;
    },
    { timeout: START_TIMEOUT_MS },
  );

  after(
    async () => {
      await browser?.close();
      await stack?.stop();
    },
    { timeout: 30_000 },
  );

  return {
    get stack() {
      if (!stack) throw new Error('the e2e stack is not running (did its start fail?)');
      return stack;
    },
    async withTab(work) {
      if (!browser) throw new Error('Chromium is not running (did its launch fail?)');
      const tab = await RecordedPage.open(browser);
      try {
        return await work(tab);
      } catch (error) {
        // What the servers said meanwhile often explains a failure seen in the page.
        if (error instanceof Error && stack) {
          const pageServers = stack.pageServerLog.slice(-8).join('\n    ');
          error.message += `\n  page servers:\n    ${pageServers || '(nothing)'}\n  API (last lines):\n    ${stack.api.log().split('\n').slice(-8).join('\n    ')}`;
        }
        throw error;
      } finally {
        await tab.close();
      }
    },
  };
}

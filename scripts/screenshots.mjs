// `npm run screenshots`: the README's screenshots, taken from the running product in headless
// Chromium (puppeteer-core, Debian's /usr/bin/chromium or CHROMIUM_PATH) into docs/screenshots/.
// Uses the demo `npm start` runs when all three of its servers answer; otherwise starts one (on
// the same ports: the tenant registry's allowedOrigins fix them) and stops it afterwards.
//
// Each shot is 1280 px wide, the full page, taken once the dashboard fired `kineo-ready` and every
// chart is drawn.
import { mkdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import puppeteer from 'puppeteer-core';
import { buildIfStale, demoAnswers, demoSettings, root, startDemo } from './demo-servers.mjs';

const OUT_DIR = join(root, 'docs/screenshots');
const WIDTH = 1280;
const READY_TIMEOUT_MS = 60_000;

const settings = demoSettings();
const { portal, scriptTag } = settings.urls;

/**
 * @typedef {object} Shot
 * @property {string} file under docs/screenshots/
 * @property {string} what
 * @property {(page: import('puppeteer-core').Page) => Promise<void>} open brings the page to the state to capture
 */

/** @type {Shot[]} */
const shots = [
  {
    file: 'portal-tenants.png',
    what: 'the demo portal: choose a tenant',
    async open(page) {
      await page.goto(`${portal}/`, { waitUntil: 'load' });
    },
  },
  {
    file: 'portal-acme-manager.png',
    what: 'the portal, signed in to Acme as a manager: Learning progress',
    async open(page) {
      await signIn(page, 'acme', 'manager');
      await openDashboard(page, `${portal}/c/acme/dashboards/learning-progress`);
    },
  },
  {
    file: 'portal-techcorp-dark.png',
    what: 'the portal, signed in to TechCorp (dark theme) as an admin: Compliance',
    async open(page) {
      await signIn(page, 'techcorp', 'admin');
      await openDashboard(page, `${portal}/c/techcorp/dashboards/compliance`);
    },
  },
  {
    file: 'lms-script-tag.png',
    what: 'Acme Learning, the Totara-like LMS page, with the dashboard embedded by a script tag',
    async open(page) {
      await openDashboard(page, `${scriptTag}/`);
    },
  },
];

/**
 * Signs in on the portal's tenant page as its first persona of `role`.
 * @param {import('puppeteer-core').Page} page
 * @param {string} tenant
 * @param {string} role
 */
async function signIn(page, tenant, role) {
  await page.goto(`${portal}/c/${tenant}/`, { waitUntil: 'load' });
  const button = await page.$(`section[aria-labelledby="role-${role}"] form[action$="/sign-in"] button[type="submit"]`);
  if (!button) throw new Error(`The portal's sign-in page for ${tenant} offers no ${role} persona.`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  if (!new URL(page.url()).pathname.startsWith(`/c/${tenant}/dashboards`))
    throw new Error(`Signing in to ${tenant} as a ${role} ended on ${page.url()}, not on the dashboards.`);
}

/**
 * Opens `url` and waits until its <kineo-dashboard> fired `kineo-ready` and every panel shows its
 * data: no panel loading or failed, every chart's marks drawn.
 * @param {import('puppeteer-core').Page} page
 * @param {string} url
 */
async function openDashboard(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => /** @type {any} */ (window).__kineoReady !== undefined, { timeout: READY_TIMEOUT_MS }).catch(() => {
    throw new Error(`${url}: the dashboard did not fire kineo-ready within ${READY_TIMEOUT_MS / 1000} s.`);
  });
  const handle = await page.waitForFunction(
    () => {
      /** @type {Element[]} */
      const panels = [];
      /** @param {Document | ShadowRoot} root */
      const collect = (root) => {
        for (const element of root.querySelectorAll('*')) {
          if (element.localName === 'kineo-panel') panels.push(element);
          if (element.shadowRoot) collect(element.shadowRoot);
        }
      };
      collect(document);
      if (panels.length === 0) return false;
      const failed = panels.filter((panel) => panel.shadowRoot?.querySelector('[part~="error"]')).map((panel) => panel.getAttribute('panel'));
      if (failed.length > 0) return { failed };
      const drawn = panels.every((panel) => {
        const root = panel.shadowRoot;
        if (!root || root.querySelector('[part~="loading"]')) return false;
        return [...root.querySelectorAll('[part~="chart-view"]')].every((view) => {
          const marks = view.querySelector('.marks');
          return marks !== null && marks.getBoundingClientRect().width > 0 && (marks.localName === 'canvas' || marks.childElementCount > 0);
        });
      });
      return drawn ? { failed: [] } : false;
    },
    { timeout: READY_TIMEOUT_MS, polling: 100 },
  ).catch(() => {
    throw new Error(`${url}: the panels did not finish drawing within ${READY_TIMEOUT_MS / 1000} s.`);
  });
  const state = /** @type {{ failed: string[] }} */ (await handle.jsonValue());
  if (state.failed.length > 0) throw new Error(`${url}: panels show an error: ${state.failed.join(', ')}.`);
  // Let the charts settle at their final width (they redraw on resize) and the fonts load.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** @param {import('puppeteer-core').Browser} browser */
async function takeAll(browser) {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const shot of shots) {
    // A fresh profile per shot: no cookie of an earlier sign-in.
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error instanceof Error ? error.message : String(error)}`));
    await page.setViewport({ width: WIDTH, height: 800, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('kineo-ready', (event) => ((/** @type {any} */ (window)).__kineoReady = /** @type {CustomEvent} */ (event).detail), true);
    });
    try {
      await shot.open(page);
      const path = join(OUT_DIR, shot.file);
      await page.screenshot({ path, fullPage: true, type: 'png' });
      console.log(`  ${relative(root, path)}  (${Math.round(statSync(path).size / 1024)} KB)  ${shot.what}`);
      for (const problem of problems) console.warn(`    the page logged ${problem}`);
    } finally {
      await context.close();
    }
  }
}

/** @type {import('./demo-servers.mjs').RunningDemo | undefined} */
let demo;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;
let exitCode = 0;
process.on('SIGINT', () => {
  browser?.close().catch(() => {});
  (demo ? demo.stop() : Promise.resolve()).finally(() => process.exit(130));
});
try {
  if (await demoAnswers(settings)) {
    console.log(`Using the demo running at ${portal} and ${scriptTag}.`);
  } else {
    await buildIfStale();
    console.log('Starting the demo (npm start is not running)…');
    demo = await startDemo(settings, { quiet: true });
  }
  browser = await puppeteer.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  console.log('Screenshots:');
  await takeAll(browser);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (demo?.recentOutput()) console.error(`\nThe demo's last output:\n${demo.recentOutput()}`);
  exitCode = 1;
} finally {
  await browser?.close();
  await demo?.stop();
}
process.exit(exitCode);

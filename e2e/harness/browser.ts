// Headless Debian Chromium driven by puppeteer-core, and a page that records what a test needs to
// see: every URL requested or navigated to, every response (with the bearer token a request sent
// and the tokens a token route answered), console messages, page errors, downloads.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onInterrupt } from './interrupt.js';
import puppeteer, { type Browser, type BrowserContext, type CDPSession, type HTTPResponse, type Page } from 'puppeteer-core';

const inPageSource = readFileSync(new URL('./in-page.js', import.meta.url), 'utf8');

/**
 * Starts Chromium. It is closed with the test process: by `browser.close()` in `after`, or on
 * SIGINT/SIGTERM/SIGHUP through `onInterrupt` (which then ends the process, unlike puppeteer's own
 * signal handlers, which close the browser and leave the process running).
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await puppeteer.launch({
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    executablePath: process.env['CHROME_PATH'] || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox', // tests run as root in CI containers
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    defaultViewport: { width: 1280, height: 900 },
  });
  onInterrupt(() => browser.close());
  return browser;
}

export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
  /** The bearer token the request carried, if any. */
  bearer: string | undefined;
  isNavigation: boolean;
  /** When it was sent (epoch ms, this machine's clock, which the browser shares). */
  at: number;
}

export interface RecordedResponse {
  url: string;
  method: string;
  status: number;
  /** The request's bearer token, if any. */
  bearer: string | undefined;
  /** `Access-Control-Allow-Origin` of the response. */
  allowOrigin: string | undefined;
  /** `Set-Cookie` of the response. */
  setCookie: string | undefined;
}

export interface TokenGrant {
  url: string;
  token: string;
  expiresAt: string | undefined;
  at: number;
}

export interface RecordedDownload {
  filename: string;
  path: string;
  text(): Promise<string>;
}

/** What the Kineo elements show, as read by in-page.js. */
export interface PanelView {
  id: string;
  title: string;
  /** Why it shows no data (`loading`, `shows an error: …`), or null when it shows data. */
  problem: string | null;
  kpi: number | null;
  /** The datum of every data mark the chart draws. */
  chart: Record<string, unknown>[];
  table: string[][];
  breadcrumbs: string[];
}

export interface DashboardView {
  present: boolean;
  dashboard: string | null;
  errors: string[];
  panels: PanelView[];
  crossFilterChips: string[];
}

export interface KineoEvent {
  type: string;
  /** The event's `detail`, as the page had it (see packages/elements/src/events.ts for each type). */
  detail: unknown;
  at: number;
}

export interface Point {
  point: { x: number; y: number };
}

const BEARER = /^Bearer\s+(.+)$/i;
/** How long to wait for a token route's response body. */
const BODY_WAIT_MS = 3_000;

/**
 * One browser tab in a fresh incognito context (its own cookies and storage), recording
 * everything. `close()` closes the context.
 */
export class RecordedPage {
  readonly requests: RecordedRequest[] = [];
  readonly responses: RecordedResponse[] = [];
  readonly navigations: string[] = [];
  readonly console: { type: string; text: string }[] = [];
  readonly pageErrors: string[] = [];
  readonly failedRequests: { url: string; error: string }[] = [];
  /** Tokens that token routes answered with (JSON `{ token }` from the page's own origins). */
  readonly grants: TokenGrant[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  #downloadDir: string | undefined;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly cdp: CDPSession,
    readonly browserCdp: CDPSession,
  ) {
    page.on('request', (request) => {
      const bearer = BEARER.exec(request.headers()['authorization'] ?? '')?.[1];
      this.requests.push({ url: request.url(), method: request.method(), resourceType: request.resourceType(), bearer, isNavigation: request.isNavigationRequest(), at: Date.now() });
    });
    page.on('response', (response) => this.#recordResponse(response));
    page.on('requestfailed', (request) => this.failedRequests.push({ url: request.url(), error: request.failure()?.errorText ?? 'failed' }));
    page.on('framenavigated', (frame) => this.navigations.push(frame.url()));
    page.on('console', (message) => this.console.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', (error) => this.pageErrors.push(error instanceof Error ? error.message : String(error)));
  }

  static async open(browser: Browser): Promise<RecordedPage> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.evaluateOnNewDocument(inPageSource);
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const browserCdp = await browser.target().createCDPSession();
    return new RecordedPage(context, page, cdp, browserCdp);
  }

  #recordResponse(response: HTTPResponse): void {
    const request = response.request();
    const bearer = BEARER.exec(request.headers()['authorization'] ?? '')?.[1];
    this.responses.push({
      url: response.url(),
      method: request.method(),
      status: response.status(),
      bearer,
      allowOrigin: response.headers()['access-control-allow-origin'],
      setCookie: response.headers()['set-cookie'],
    });
    const type = response.headers()['content-type'] ?? '';
    if (request.method() === 'GET' && response.ok() && type.includes('json') && request.resourceType() === 'fetch') {
      // A body the page navigated away from may never arrive: give up on it after a while.
      const reading = Promise.race([response.json(), new Promise((_, reject) => setTimeout(reject, BODY_WAIT_MS, new Error('no body')))])
        .then((body: unknown) => {
          const grant = body as { token?: unknown; expiresAt?: unknown };
          if (typeof grant?.token === 'string')
            this.grants.push({ url: response.url(), token: grant.token, expiresAt: typeof grant.expiresAt === 'string' ? grant.expiresAt : undefined, at: Date.now() });
        })
        .catch(() => {}) // a body already gone (navigation) holds no token we could miss in the page
        .finally(() => this.#pending.delete(reading));
      this.#pending.add(reading);
    }
  }

  /** Waits for the response bodies still being read. */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  /** Every token the page was given or sent: token route answers and bearer headers. */
  async tokensSeen(): Promise<string[]> {
    await this.settled();
    return [...new Set([...this.grants.map((g) => g.token), ...this.requests.flatMap((r) => (r.bearer ? [r.bearer] : []))])];
  }

  /** Calls a function of in-page.js (`window.kineoE2e[name](...args)`) and returns its result. */
  inPage<T>(name: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(`window.kineoE2e[${JSON.stringify(name)}](...${JSON.stringify(args)})`) as Promise<T>;
  }

  dashboardView(): Promise<DashboardView> {
    return this.inPage<DashboardView>('state');
  }

  panelView(id: string): Promise<PanelView> {
    return this.inPage<PanelView>('panel', id);
  }

  events(type?: string): Promise<KineoEvent[]> {
    return this.inPage<KineoEvent[]>('events').then((all) => (type ? all.filter((event) => event.type === type) : all));
  }

  /** Clicks with the real mouse at a point the in-page function `name` finds (see in-page.js). */
  async clickAt<T extends Point>(name: string, ...args: unknown[]): Promise<T> {
    const target = await this.inPage<T>(name, ...args);
    await this.page.mouse.click(target.point.x, target.point.y);
    return target;
  }

  /** Polls the page until `check` returns a value other than undefined/false; fails with `what` and the dashboard state. */
  async waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined && value !== false) return value;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        const state = await this.dashboardView().catch((error: Error) => `(state unreadable: ${error.message})`);
        throw new Error(
          `Timed out after ${timeoutMs / 1000} s waiting for ${what}` +
            (lastError ? `\n  last error: ${(lastError as Error).message}` : '') +
            `\n  page: ${this.page.url()}\n  dashboard: ${JSON.stringify(state, summariseChart)}` +
            `\n  console: ${JSON.stringify(this.console.slice(-10))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until the dashboard shows every panel with data (nothing loading, no error). */
  async rendered(timeoutMs = 20_000): Promise<DashboardView> {
    return this.waitUntil(
      'every panel to show its data',
      async () => {
        const view = await this.dashboardView();
        return view.present && view.panels.length > 0 && view.errors.length === 0 && view.panels.every((p) => p.problem === null) ? view : undefined;
      },
      timeoutMs,
    );
  }

  /** Every cookie the browser context holds, for every origin. */
  async allCookies(): Promise<{ name: string; value: string; domain: string; path: string }[]> {
    const { cookies } = await this.cdp.send('Network.getAllCookies');
    return cookies;
  }

  /** Lets the page download files into a fresh temporary folder; `nextDownload()` waits for one. */
  async allowDownloads(): Promise<void> {
    this.#downloadDir = await mkdtemp(join(tmpdir(), 'kineo-e2e-downloads-'));
    await this.browserCdp.send('Browser.setDownloadBehavior', {
      behavior: 'allow',
      downloadPath: this.#downloadDir,
      ...(this.context.id ? { browserContextId: this.context.id } : {}),
      eventsEnabled: true,
    });
  }

  /** Resolves with the next download that completes (started by `action`). */
  async download(action: () => Promise<void>, timeoutMs = 15_000): Promise<RecordedDownload> {
    const dir = this.#downloadDir;
    if (!dir) throw new Error('call allowDownloads() first');
    const names = new Map<string, string>();
    const cdp = this.browserCdp;
    const done = new Promise<RecordedDownload>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no download completed within ${timeoutMs / 1000} s`)), timeoutMs);
      const begin = (event: { guid: string; suggestedFilename: string }) => names.set(event.guid, event.suggestedFilename);
      const progress = (event: { guid: string; state: string }) => {
        const filename = names.get(event.guid);
        if (event.state === 'completed' && filename) finish(undefined, filename);
        if (event.state === 'canceled') finish(new Error(`the download of ${filename ?? event.guid} was cancelled`));
      };
      const finish = (error?: Error, filename?: string) => {
        clearTimeout(timer);
        cdp.off('Browser.downloadWillBegin', begin);
        cdp.off('Browser.downloadProgress', progress);
        if (error) reject(error);
        else {
          const path = join(dir, filename!);
          resolve({ filename: filename!, path, text: () => readFile(path, 'utf8') });
        }
      };
      cdp.on('Browser.downloadWillBegin', begin);
      cdp.on('Browser.downloadProgress', progress);
    });
    await action();
    return done;
  }

  async close(): Promise<void> {
    await this.settled();
    await this.context.close().catch(() => {}); // the browser may be gone already (after a failure)
    if (this.#downloadDir) await rm(this.#downloadDir, { recursive: true, force: true });
  }
}

/** JSON.stringify replacer keeping failure messages short: charts as their mark count. */
function summariseChart(key: string, value: unknown): unknown {
  return key === 'chart' && Array.isArray(value) ? `${value.length} marks` : value;
}

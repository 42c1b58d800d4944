// Shared by the example host apps' tests (host-node, portal, script-tag): a real Kineo API on a
// free loopback port over a test app's data, the host servers under test, and a browser-like
// `browse` that records every response so a test can check that no secret ever left a server.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonLogger } from '../../server/src/http/logger.js';
import { startNodeServer, type RunningServer } from '../../server/src/node-server.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../../server/src/testing/test-app.js';

export interface BrowseInit {
  method?: string;
  cookie?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface BrowsedResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class HostAppHarness {
  /** Every response the browser side saw: status line, headers and body. */
  readonly seen: string[] = [];
  readonly #servers: Server[] = [];
  #app: TestApp | undefined;
  #api: RunningServer | undefined;

  /** Starts the API (seeded test data, silent log) on a free port. */
  async startApi(options?: TestAppOptions): Promise<{ t: TestApp; api: RunningServer }> {
    const t = (this.#app = await createTestApp(options));
    const api = (this.#api = await startNodeServer({ ...t.config, settings: { ...t.config.settings, port: 0 } }, jsonLogger(() => {})));
    return { t, api };
  }

  /** Starts a host server on a free loopback port; closed by `close()`. Returns its base URL. */
  async listen(server: Server): Promise<string> {
    this.#servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** A browser-like request: no redirects followed; the whole response is recorded in `seen`. */
  async browse(url: string, init: BrowseInit = {}): Promise<BrowsedResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers['cookie'] = init.cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    const text = await response.text();
    this.seen.push(`${url} ${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
    return { status: response.status, headers: response.headers, text };
  }

  async close(): Promise<void> {
    for (const server of this.#servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await this.#api?.close();
    await this.#app?.close();
  }
}

// Browser tests: `npx web-test-runner --config web-test-runner.config.mjs` (from the repo root).
//
// Runs every `packages/*/src/**/*.browser.test.ts` with mocha in headless Debian Chromium
// (`node scripts/ensure-chromium.mjs` installs it; CHROME_PATH overrides /usr/bin/chromium).
// TypeScript is transpiled by esbuild (never by the `typescript` package: TypeScript 7 has no JS
// API); @web/dev-server-esbuild rewrites NodeNext-style `./x.js` imports in .ts files to `./x.ts`
// when that file exists. Exits non-zero when a test fails or when no test file matches.
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { summaryReporter, defaultReporter } from '@web/test-runner';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['packages/*/src/**/*.browser.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['browser', 'import', 'default'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        // puppeteer-core 24: `true` is Chrome's new headless mode ('new' is gone).
        headless: true,
        args: [
          '--headless=new',
          '--no-sandbox', // we run as root
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { ui: 'bdd', timeout: 10_000 } },
  // Print every test (not only failures) and a one-line summary at the end.
  reporters: [defaultReporter(), summaryReporter({ flatten: false })],
  watch: false,
};

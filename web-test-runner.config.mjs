// Browser tests: `npx web-test-runner --config web-test-runner.config.mjs` (from the repo root).
//
// Runs every `packages/*/src/**/*.browser.test.ts` with mocha in headless Debian Chromium
// (`node scripts/ensure-chromium.mjs` installs it; CHROME_PATH overrides /usr/bin/chromium).
// TypeScript is transpiled by esbuild (never by the `typescript` package: TypeScript 7 has no JS
// API); @web/dev-server-esbuild rewrites NodeNext-style `./x.js` imports in .ts files to `./x.ts`
// when that file exists. Exits non-zero when a test fails or when no test file matches.
//
// `packages/elements/test/**/*.e2e.browser.test.ts` run against a real Kineo API on the DuckDB
// demo data, which the kineo-test-server plugin seeds (once, into .kineo-wtr/) and starts; see
// packages/elements/test/harness/kineo-server-plugin.mjs. Runs without e2e files start no API.
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { summaryReporter, defaultReporter } from '@web/test-runner';
import { kineoTestServer } from './packages/elements/test/harness/kineo-server-plugin.mjs';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

const e2eTests = 'packages/elements/test/**/*.e2e.browser.test.ts';

/** The `--files` given on the command line (none: the config's own, e2e tests included). */
function filesFromCommandLine(argv = process.argv.slice(2)) {
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--files=')) files.push(argv[i].slice('--files='.length));
    else if (argv[i] === '--files') while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) files.push(argv[++i]);
  }
  return files;
}
const commandLineFiles = filesFromCommandLine();
// The API starts with the runner when e2e tests are (probably) in the run; otherwise only if a
// test asks for it.
const kineo = kineoTestServer({
  startEagerly: commandLineFiles.length === 0 || commandLineFiles.some((f) => f.includes('e2e') || f.includes('elements/test')),
});

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['packages/*/src/**/*.browser.test.ts', e2eTests],
  nodeResolve: { browser: true, exportConditions: ['browser', 'import', 'default'] },
  middleware: [kineo.middleware],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }), kineo.plugin],
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

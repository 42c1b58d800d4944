// The demo portal in headless Chromium against the real API: every persona of both tenants signs in
// and sees exactly their dashboards and their rows; a learner asking for an admin dashboard gets a
// clear page; drill-down, cross-filter and CSV download work; signing out leaves nothing behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TENANTS } from './harness/e2e-stack.js';
import { e2eSuite, TEST_TIMEOUT_MS } from './harness/suite.js';
import { drawnCounts, expectedDashboards, learningProgressFigures } from './harness/expected.js';
import { listedDashboards, openDashboard, signIn, signOut } from './harness/portal.js';
import { clickBreadcrumb, clickMark, panelIn, runPanelAction, waitForCrossFilter, waitForDrillDepth } from './harness/dashboard-actions.js';
import { assertNoTokenLeft } from './harness/token-hygiene.js';
import { parseCsv } from '../packages/elements/test/harness/csv.js';
import type { DemoPersona } from '../server/src/demo-data/personas.js';

const suite = e2eSuite();

/** The API rounds rates to 4 decimals. */
const RATE_TOLERANCE = 0.00006;

describe('every persona of both tenants sees only its dashboards and its rows', () => {
  for (const tenant of TENANTS) {
    test(`${tenant}: each persona signs in, sees its dashboards, and learning-progress shows its scope's figures`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
      const personas = suite.stack.personas[tenant];
      assert.deepEqual([...new Set(personas.map((p) => p.role))].sort(), ['admin', 'analyst', 'learner', 'manager'], `${tenant} has a persona of every role`);
      for (const persona of personas) {
        await t.test(`${persona.role} ${persona.name} (${persona.sub})`, async () => {
          const expected = await learningProgressFigures(suite.stack.dataDir, tenant, persona);
          assert.ok(expected.enrolments > 0, 'the persona has enrolments in the demo data');
          await suite.withTab(async (tab) => {
            await signIn(tab, suite.stack.portalUrl, tenant, persona);
            const listed = await listedDashboards(tab);
            assert.deepEqual(listed, expectedDashboards(tenant, persona), 'the dashboards listed');
            if (persona.role === 'learner') assert.deepEqual(listed.map((d) => d.id), ['learning-progress'], "a learner's only dashboard");

            await openDashboard(tab, 'learning-progress');
            const view = await tab.rendered();
            assert.equal(view.dashboard, 'learning-progress');
            assert.equal(panelIn(view, 'enrolments').kpi, expected.enrolments, 'the Enrolments KPI');
            const rate = panelIn(view, 'completion-rate').kpi!;
            assert.ok(Math.abs(rate - expected.completions / expected.enrolments) < RATE_TOLERANCE, `completion rate ${rate} vs ${expected.completions}/${expected.enrolments}`);
            assert.equal(panelIn(view, 'overdue').kpi, expected.overdue, 'the Overdue KPI');

            const bars = panelIn(view, 'completion-by-category').chart;
            assert.deepEqual(drawnCounts(bars, 'category'), expected.byCategory, 'the completion-by-category bars (enrolments and completions per category)');
            for (const bar of bars) {
              const { enrolments, completions } = expected.byCategory.get(String(bar['category']))!;
              assert.ok(Math.abs(Number(bar['completion_rate']) - completions / enrolments) < RATE_TOLERANCE, `${bar['category']}: bar length`);
            }
            assert.deepEqual(tab.pageErrors, [], 'page errors');
            await assertNoTokenLeft(tab, suite.stack.apiUrl, `${tenant} ${persona.role}`);
          });
        });
      }
    });
  }
});

function personaOf(tenant: 'acme' | 'techcorp', role: DemoPersona['role']): DemoPersona {
  const persona = suite.stack.personas[tenant].find((p) => p.role === role);
  assert.ok(persona, `${tenant} has a ${role} persona`);
  return persona;
}

describe('a learner and an admin-only dashboard', () => {
  test('a learner opening /c/acme/dashboards/compliance gets a clear page saying so, not a broken one', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      const learner = personaOf('acme', 'learner');
      await signIn(tab, suite.stack.portalUrl, 'acme', learner);
      const response = await tab.page.goto(`${suite.stack.portalUrl}/c/acme/dashboards/compliance`, { waitUntil: 'domcontentloaded' });
      assert.equal(response?.status(), 403, 'the portal answers 403 Forbidden');
      const heading = await tab.page.$eval('main h1', (h1) => h1.textContent?.trim() ?? '');
      assert.match(heading, /not available to learners/i, 'the heading says why');
      const back = await tab.page.$('main a[href="/c/acme/dashboards"]');
      assert.ok(back, 'a link back to the dashboards the learner may open');
      assert.equal(await tab.page.$('kineo-dashboard'), null, 'no dashboard element on the page');
      assert.ok(await tab.page.$('form[action$="/sign-out"]'), 'the page keeps the portal frame (still signed in, can sign out)');
      assert.deepEqual(
        tab.requests.filter((r) => r.url.startsWith(suite.stack.apiUrl)).map((r) => r.url),
        [],
        'the page asked the API for nothing',
      );
      assert.deepEqual(tab.pageErrors, []);
    });
  });
});

describe('using a dashboard in the portal (acme admin)', () => {
  const tenant = 'acme';

  test('drill-down: a click on a bar shows that category’s courses; the breadcrumb and Back return', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      const admin = personaOf(tenant, 'admin');
      await signIn(tab, suite.stack.portalUrl, tenant, admin);
      await openDashboard(tab, 'learning-progress');
      const top = await tab.rendered();
      const topTitle = panelIn(top, 'completion-by-category').title;
      const others = top.panels.filter((p) => p.id !== 'completion-by-category');

      const bar = await clickMark(tab, 'completion-by-category', 0);
      const category = String(bar['category']);
      const level1 = await waitForDrillDepth(tab, 'completion-by-category', 1);
      assert.equal(level1.panel.title, 'Completion rate by course');
      assert.deepEqual(level1.panel.breadcrumbs, [topTitle, category], 'breadcrumbs');
      const expected = await learningProgressFigures(suite.stack.dataDir, tenant, admin, { category });
      assert.deepEqual(drawnCounts(level1.panel.chart, 'course_id'), expected.byCourse, `the bars are the courses of ${category}`);
      for (const other of others)
        assert.deepEqual(panelIn(level1.view, other.id).kpi ?? panelIn(level1.view, other.id).chart.length, other.kpi ?? other.chart.length, `${other.id} unchanged by the drill`);

      await clickBreadcrumb(tab, 'completion-by-category', 0);
      const back = await waitForDrillDepth(tab, 'completion-by-category', 0);
      assert.equal(back.panel.title, topTitle);
      assert.deepEqual(drawnCounts(back.panel.chart, 'category'), drawnCounts(panelIn(top, 'completion-by-category').chart, 'category'), 'the categories again');

      // The portal keeps the view in the URL (sync-url): the browser's Back undoes a drill too.
      await clickMark(tab, 'completion-by-category', 0);
      await waitForDrillDepth(tab, 'completion-by-category', 1);
      await tab.page.goBack({ waitUntil: 'domcontentloaded' });
      const afterBack = await waitForDrillDepth(tab, 'completion-by-category', 0);
      assert.equal(afterBack.panel.title, topTitle, 'Back returned to the categories');
      assert.deepEqual(tab.pageErrors, []);
      await assertNoTokenLeft(tab, suite.stack.apiUrl, 'portal after drilling');
    });
  });

  test('cross-filter: selecting a status slice filters the other panels; CSV download has the panel’s rows', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      const admin = personaOf(tenant, 'admin');
      await tab.allowDownloads();
      await signIn(tab, suite.stack.portalUrl, tenant, admin);
      await openDashboard(tab, 'learning-progress');
      const before = await tab.rendered();

      // The slices are drawn in the query's order: completed first. Take one that is not all of them.
      const slices = panelIn(before, 'status-breakdown').chart;
      const index = slices.findIndex((slice) => slice['status'] === 'in_progress');
      assert.ok(index >= 0, `an in-progress slice (${slices.map((s) => s['status']).join(', ')})`);
      const slice = await clickMark(tab, 'status-breakdown', index);
      assert.equal(slice['status'], 'in_progress', 'the clicked slice');
      const filtered = await waitForCrossFilter(tab);
      assert.match(filtered.crossFilterChips[0]!, /In progress/, 'the chip names the selection');

      const expected = await learningProgressFigures(suite.stack.dataDir, tenant, admin, { status: 'in_progress' });
      assert.equal(panelIn(filtered, 'enrolments').kpi, expected.enrolments, 'the Enrolments KPI counts in-progress enrolments');
      assert.notEqual(expected.enrolments, panelIn(before, 'enrolments').kpi, 'which are not all enrolments');
      const bars = panelIn(filtered, 'completion-by-category').chart;
      assert.deepEqual(drawnCounts(bars, 'category'), expected.byCategory, 'completion by category under the selection');
      assert.deepEqual(panelIn(filtered, 'status-breakdown').chart, slices, 'the selecting panel keeps all its slices');

      const file = await tab.download(() => runPanelAction(tab, 'completion-by-category', 'export-csv'));
      assert.match(file.filename, /\.csv$/, `a CSV file (${file.filename})`);
      const [header, ...rows] = parseCsv(await file.text());
      assert.ok(header, 'the CSV has a header');
      const column = (name: string) => {
        const i = header.indexOf(name);
        assert.ok(i >= 0, `the CSV has a ${name} column (${header.join(', ')})`);
        return i;
      };
      const fromCsv = new Map(rows.map((row) => [row[column('category')]!, { enrolments: Number(row[column('enrolments')]), completions: Number(row[column('completions')]) }]));
      assert.deepEqual(fromCsv, drawnCounts(bars, 'category'), 'the CSV rows are the rows the panel shows (under the selection)');
      for (const row of rows) {
        const drawn = bars.find((b) => b['category'] === row[column('category')])!;
        assert.equal(Number(row[column('completion_rate')]), Number(drawn['completion_rate']), `${row[column('category')]}: completion rate`);
      }

      // Clearing the selection brings every enrolment back.
      await tab.clickAt('partTarget', 'cross-filter');
      const cleared = await tab.waitUntil('the selection to be cleared', async () => {
        const view = await tab.dashboardView();
        return view.crossFilterChips.length === 0 && view.panels.every((p) => p.problem === null) ? view : undefined;
      });
      assert.equal(panelIn(cleared, 'enrolments').kpi, panelIn(before, 'enrolments').kpi);
      assert.deepEqual(tab.pageErrors, []);
      await assertNoTokenLeft(tab, suite.stack.apiUrl, 'portal after cross-filter and download');
    });
  });
});

describe('signing out', () => {
  test('clears everything: no session cookie, the token route answers 401, Back shows no data', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      const manager = personaOf('techcorp', 'manager');
      await signIn(tab, suite.stack.portalUrl, 'techcorp', manager);
      await openDashboard(tab, 'learning-progress');
      await tab.rendered();
      await assertNoTokenLeft(tab, suite.stack.apiUrl, 'portal while signed in');
      const tokenUrl = tab.grants[0]!.url;
      assert.equal(new URL(tokenUrl).origin, new URL(suite.stack.portalUrl).origin, 'the token route is the portal’s');
      const cookiesBefore = await tab.allCookies();
      assert.ok(cookiesBefore.length > 0, 'signed in: the portal set a session cookie');

      await signOut(tab);
      const signedOutAt = Date.now();
      assert.equal(new URL(tab.page.url()).pathname, '/c/techcorp/', 'back on the sign-in page');
      const notice = await tab.page.$eval('main', (main) => main.textContent ?? '');
      assert.match(notice, /signed out/i, 'the page says so');

      assert.deepEqual(await tab.allCookies(), [], 'no cookie left for any origin');
      const storage = await tab.inPage<{ local: unknown[]; session: unknown[]; cookie: string }>('storage');
      assert.deepEqual(storage, { local: [], session: [], cookie: '' }, 'nothing in the portal origin’s storage');
      const tokenStatus = await tab.page.evaluate(`fetch(${JSON.stringify(tokenUrl)}, { credentials: 'same-origin' }).then((r) => r.status)`);
      assert.equal(tokenStatus, 401, 'the token route refuses');

      await tab.page.goBack({ waitUntil: 'domcontentloaded' });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const view = await tab.dashboardView();
      assert.ok(view.panels.every((p) => p.kpi === null && p.chart.length === 0 && p.table.length === 0), `Back shows no data (${tab.page.url()})`);
      const dataAfter = tab.responses.filter((r) => r.url.startsWith(`${suite.stack.apiUrl}/v1/`) && r.method !== 'OPTIONS' && r.status < 300);
      assert.deepEqual(
        dataAfter.filter((r) => tab.requests.find((q) => q.url === r.url && q.at > signedOutAt)).map((r) => r.url),
        [],
        'no API data after signing out',
      );
      const grantsAfter = tab.grants.filter((grant) => grant.at > signedOutAt);
      assert.deepEqual(grantsAfter.map((g) => g.url), [], 'no token after signing out');
    });
  });
});

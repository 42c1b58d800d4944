// acme's script-tag LMS page in headless Chromium: it renders from its own origin (not the API's);
// the very same page on an origin no tenant allows, or only another tenant allows, gets a clear
// error and no data; a learner sent to a staff-only report gets the element's clear message; and a
// short token lifetime runs out while someone is using the dashboard without them noticing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KineoErrorDetail } from '../packages/elements/src/events.js';
import type { DashboardView, RecordedPage } from './harness/browser.js';
import { LMS_TENANT } from './harness/e2e-stack.js';
import { e2eSuite, TEST_TIMEOUT_MS } from './harness/suite.js';
import { learningProgressFigures } from './harness/expected.js';
import { assertNoTokenLeft } from './harness/token-hygiene.js';
import { clickBreadcrumb, clickMark, panelIn, waitForCrossFilter, waitForDrillDepth } from './harness/dashboard-actions.js';

const suite = e2eSuite();

/** Responses of the API's `/v1/*` data routes that reached the page with data. */
function dataResponses(tab: RecordedPage) {
  return tab.responses.filter((r) => r.url.startsWith(`${suite.stack.apiUrl}/v1/`) && r.method !== 'OPTIONS' && r.status >= 200 && r.status < 300);
}

/** The API's audit records of requests refused for `origin` (it writes them to the data folder). */
function originRefusals(origin: string): { outcome: string; tenant: string; origin: string }[] {
  return readFileSync(join(suite.stack.dataDir, 'audit', 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { outcome: string; tenant: string; origin: string })
    .filter((record) => record.outcome === 'origin_refused' && record.origin === origin);
}

/** `iat` and `exp` of a JWT, read without verifying (the test only measures its lifetime). */
function claimsOf(token: string): { iat: number; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
}

function kpi(view: DashboardView, id: string): number | null {
  return view.panels.find((p) => p.id === id)?.kpi ?? null;
}

describe('the script-tag LMS page', () => {
  test('renders the dashboard from its own origin, with the signed-in user’s rows', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      const lmsOrigin = new URL(suite.stack.lmsUrl).origin;
      assert.notEqual(lmsOrigin, new URL(suite.stack.apiUrl).origin, 'the page is on another origin than the API');
      await tab.page.goto(`${suite.stack.lmsUrl}/`, { waitUntil: 'domcontentloaded' });
      const view = await tab.rendered();
      assert.equal(view.dashboard, 'learning-progress');

      const user = suite.stack.lmsUsers[0]!;
      const expected = await learningProgressFigures(suite.stack.dataDir, LMS_TENANT, user);
      assert.equal(kpi(view, 'enrolments'), expected.enrolments, `the Enrolments KPI for ${user.name} (${user.role})`);
      assert.equal(kpi(view, 'overdue'), expected.overdue, `the Overdue KPI for ${user.name}`);

      const fromApi = dataResponses(tab);
      assert.ok(fromApi.some((r) => r.url.endsWith('/v1/dashboards/learning-progress/data')), 'the dashboard data came from the API');
      for (const response of fromApi) assert.equal(response.allowOrigin, lmsOrigin, `${response.url} is readable by exactly the page's origin`);
      assert.deepEqual(tab.pageErrors, []);
      await assertNoTokenLeft(tab, suite.stack.apiUrl, 'LMS page on its own origin');
    });
  });

  const refusedOrigins = [
    { name: 'an origin no tenant allows', url: () => suite.stack.foreignLmsUrl, preflight: 'refused' },
    { name: 'an origin only another tenant (techcorp) allows', url: () => suite.stack.techcorpOriginLmsUrl, preflight: 'allowed' },
  ];
  for (const origin of refusedOrigins) {
    test(`the same page on ${origin.name} shows a clear error, logs it, and gets no data`, { timeout: TEST_TIMEOUT_MS }, async () => {
      await suite.withTab(async (tab) => {
        const pageOrigin = new URL(origin.url()).origin;
        await tab.page.goto(`${origin.url()}/`, { waitUntil: 'domcontentloaded' });
        const view = await tab.waitUntil('the dashboard to show an error', async () => {
          const state = await tab.dashboardView();
          return state.errors.length > 0 ? state : undefined;
        });
        // The browser tells the page nothing but "failed" for a refused origin, so the element
        // names the page's origin as the likely cause, and the fix.
        const shown = view.errors.join(' ');
        assert.ok(shown.includes(`does not allow this page's origin (${pageOrigin})`) && shown.includes('allowedOrigins'), `the element says what is wrong: ${shown}`);
        const [errorEvent] = await tab.events('kineo-error');
        assert.ok((errorEvent?.detail as KineoErrorDetail | undefined)?.error.message.includes(pageOrigin), 'kineo-error tells the host page the same');

        const consoleErrors = tab.console.filter((m) => m.type === 'error').map((m) => m.text);
        assert.ok(
          consoleErrors.some((text) => text.startsWith('Kineo:') && text.includes(`does not allow this page's origin (${pageOrigin})`)),
          `the console explains it:\n${consoleErrors.join('\n')}`,
        );
        assert.ok(
          consoleErrors.some((text) => text.includes(`from origin '${pageOrigin}' has been blocked by CORS policy`)),
          `and the browser's own CORS error is there:\n${consoleErrors.join('\n')}`,
        );
        assert.deepEqual(dataResponses(tab).map((r) => `${r.method} ${r.url} ${r.status}`), [], 'no successful API response reached the page');
        assert.deepEqual(
          tab.responses.filter((r) => r.url.startsWith(`${suite.stack.apiUrl}/v1/`) && r.method !== 'OPTIONS' && r.allowOrigin !== undefined).map((r) => r.url),
          [],
          'no API answer was made readable by the page',
        );
        // A preflight carries no token: the API lets it through for any origin some tenant allows,
        // and the request itself is then refused once its token names acme.
        const preflights = tab.responses.filter((r) => r.method === 'OPTIONS' && r.url.startsWith(`${suite.stack.apiUrl}/v1/`));
        assert.ok(preflights.length > 0, 'the page asked the API (preflight)');
        if (origin.preflight === 'refused') assert.ok(preflights.every((r) => r.status === 403 && r.allowOrigin === undefined), 'preflights refused');
        else {
          assert.ok(preflights.every((r) => r.status === 204 && r.allowOrigin === pageOrigin), 'preflights answered');
          const failed = tab.failedRequests.filter((r) => r.url.startsWith(`${suite.stack.apiUrl}/v1/`));
          assert.ok(failed.length > 0, 'the token-bearing requests failed in the browser');
          const refusals = await tab.waitUntil('the API to audit the refusal', async () => {
            const found = originRefusals(pageOrigin);
            return found.length > 0 ? found : undefined;
          }, 5_000);
          assert.ok(refusals.every((r) => r.tenant === LMS_TENANT), `the API refused acme's token for this origin (audit: ${JSON.stringify(refusals)})`);
        }
        assert.ok(view.panels.every((p) => p.kpi === null && p.chart.length === 0 && p.table.length === 0), 'no panel shows any data');
        // The page's own token route did answer: the refusal is the API's.
        assert.ok(tab.grants.length > 0, 'the page got a token from its own token route');
        assert.deepEqual(tab.pageErrors, []);
        await assertNoTokenLeft(tab, suite.stack.apiUrl, `LMS page on ${origin.name}`);
      });
    });
  }

  test('a learner who opens the compliance report gets the element’s clear message, on an intact page', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      const learner = suite.stack.lmsUsers.find((user) => user.role === 'learner');
      assert.ok(learner, 'the LMS has a learner');
      await tab.page.goto(`${suite.stack.lmsUrl}/`, { waitUntil: 'domcontentloaded' });
      // Switch user as the LMS's user menu offers it.
      await tab.page.click('details.user-menu > summary');
      await Promise.all([tab.page.waitForNavigation({ waitUntil: 'domcontentloaded' }), tab.page.click(`button[name="user"][value="${learner.sub}"]`)]);
      const footer = await tab.page.$eval('footer', (element) => element.textContent ?? '');
      assert.ok(footer.includes(learner.name), `signed in as ${learner.name} (footer: ${footer.trim()})`);
      assert.deepEqual(await tab.page.$$eval('a[href*="dashboard=compliance"]', (links) => links.length), 0, 'the learner’s navigation does not offer it');

      await tab.page.goto(`${suite.stack.lmsUrl}/?dashboard=compliance`, { waitUntil: 'domcontentloaded' });
      const view = await tab.waitUntil('the dashboard to show why it cannot open', async () => {
        const state = await tab.dashboardView();
        return state.errors.length > 0 ? state : undefined;
      });
      assert.match(view.errors[0]!, /do not have access to this dashboard/i, `the message: ${view.errors[0]}`);
      const [error] = await tab.events('kineo-error');
      assert.equal((error?.detail as KineoErrorDetail | undefined)?.error.status, 403, 'kineo-error tells the host: 403');
      const compliance = tab.responses.filter((r) => r.url.startsWith(`${suite.stack.apiUrl}/v1/dashboards/compliance`) && r.method !== 'OPTIONS');
      assert.ok(
        compliance.length > 0 && compliance.every((r) => r.status === 403),
        `the API refused the compliance dashboard (${compliance.map((r) => `${r.method} ${r.url} ${r.status}`).join(', ')})`,
      );
      assert.deepEqual(dataResponses(tab).filter((r) => r.url.includes('/compliance')).map((r) => r.url), [], 'no compliance data reached the page');
      assert.ok(view.panels.every((p) => p.kpi === null && p.chart.length === 0), 'no panel shows data');
      assert.ok(await tab.page.$('header.masthead nav.main-menu'), 'the LMS page around it is intact');
      assert.deepEqual(tab.pageErrors, []);
    });
  });

  test('a 30-second token runs out while the dashboard is in use: filters and drill survive, later clicks work', { timeout: TEST_TIMEOUT_MS }, async () => {
    await suite.withTab(async (tab) => {
      // The shortest lifetime the LMS's token route issues (and the API's own minimum for minted tokens).
      const ttlSeconds = 30;
      await tab.page.goto(`${suite.stack.lmsUrl}/?ttl=${ttlSeconds}`, { waitUntil: 'domcontentloaded' });
      const first = await tab.rendered();
      await tab.settled();
      const firstGrant = tab.grants[0];
      assert.ok(firstGrant, 'the page got a token from its token route');
      const { iat, exp } = claimsOf(firstGrant.token);
      assert.equal(exp - iat, ttlSeconds, 'the token lives 30 s');
      const totalEnrolments = kpi(first, 'enrolments')!;

      // Cross-filter by a status slice, then drill into a category.
      const slice = await clickMark(tab, 'status-breakdown', 0);
      const filtered = await waitForCrossFilter(tab);
      assert.equal(kpi(filtered, 'enrolments'), Number(slice['enrolments']), `the Enrolments KPI under the "${slice['status']}" selection`);
      assert.ok(kpi(filtered, 'enrolments')! < totalEnrolments, 'the selection filters');
      const category = await clickMark(tab, 'completion-by-category', 0);
      const drilled = await waitForDrillDepth(tab, 'completion-by-category', 1);
      assert.equal(drilled.panel.breadcrumbs[1], String(category['category']), 'the breadcrumb names the category');
      assert.equal(drilled.panel.title, 'Completion rate by course');
      const coursesBefore = drilled.panel.chart.map((bar) => bar['course_name']).sort();

      // Idle past the token's expiry (browser clock: counted from when the page received it).
      const expiredAt = firstGrant.at + ttlSeconds * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiredAt + 1_000 - Date.now())));
      const idle = await tab.dashboardView();
      assert.deepEqual(idle.errors, [], 'no error once the token has expired');
      assert.equal(idle.crossFilterChips.length, 1, 'the cross-filter is still shown');
      assert.equal(panelIn(idle, 'completion-by-category').breadcrumbs.length, 2, 'the drill is still shown');

      // The next click needs the API: drill into a course (a table of learners).
      const course = await clickMark(tab, 'completion-by-category', 0);
      const deeper = await waitForDrillDepth(tab, 'completion-by-category', 2);
      assert.equal(deeper.panel.title, 'Learners on the course');
      assert.deepEqual(deeper.panel.breadcrumbs.slice(1, 3), [String(category['category']), String(course['course_name'])], 'breadcrumbs: category, then course');
      assert.ok(deeper.panel.table.length > 0, 'the course shows its learners');
      assert.equal(deeper.view.crossFilterChips.length, 1, 'the cross-filter survived');
      assert.equal(kpi(deeper.view, 'enrolments'), Number(slice['enrolments']), 'the KPIs are still filtered');

      await tab.settled();
      const laterGrants = tab.grants.filter((grant) => grant.token !== firstGrant.token);
      assert.ok(laterGrants.length > 0, 'the page fetched a new token');
      const sentAfterExpiry = tab.requests.filter((r) => r.bearer && r.at > expiredAt);
      assert.ok(sentAfterExpiry.length > 0, 'the page called the API after the first token expired');
      assert.deepEqual(
        sentAfterExpiry.filter((r) => r.bearer === firstGrant.token).map((r) => r.url),
        [],
        'the expired token was not sent again',
      );

      // Still fully usable: back to the top with the first breadcrumb.
      await clickBreadcrumb(tab, 'completion-by-category', 0);
      const top = await waitForDrillDepth(tab, 'completion-by-category', 0);
      assert.equal(top.panel.title, 'Completion rate by category');
      assert.ok(top.panel.chart.some((bar) => bar['category'] === category['category']), 'the top level shows the categories again');
      assert.equal(top.view.crossFilterChips.length, 1, 'the cross-filter is still on');
      assert.notDeepEqual(coursesBefore, [], 'the drill showed courses');

      assert.deepEqual(await tab.events('kineo-error'), [], 'no kineo-error during the whole session');
      assert.deepEqual(tab.pageErrors, []);
      await assertNoTokenLeft(tab, suite.stack.apiUrl, 'LMS page after a token refresh');
    });
  });
});

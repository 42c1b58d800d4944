// Browser tests of what <kineo-dashboard> shows when the whole dashboard cannot be had: the API
// refuses this page's origin (or is down), or the viewer's role may not open the dashboard. The
// page's fetch is a fake Kineo API; the messages are the ones the real API and browser give.
import { FakeClock, FakeIssuer, assert, assertEqual } from '../testing/fakes.js';
import { json } from '../testing/fakes.js';
import { API, FakeDashboardApi, loadFixture } from '../state/fake-dashboard-api.js';
import { installFetch, recordEvents, until } from '../state/test-support.js';
import type { KineoDashboard } from './dashboard.component.js';
import './dashboard.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A dashboard over `api`, signed in with a fake token, once it shows its error. */
async function mountFailing(api: FakeDashboardApi, dashboard: string) {
  cleanups.push(installFetch(api));
  const element = document.createElement('kineo-dashboard');
  const recorder = recordEvents(document);
  cleanups.push(() => {
    element.remove();
    recorder.stop();
  });
  element.setAttribute('api', API);
  element.setAttribute('dashboard', dashboard);
  element.tokenProvider = new FakeIssuer(new FakeClock()).provider;
  document.body.append(element);
  await until(() => errorPart(element) !== null, 'the error state');
  return { element, ...recorder };
}

function errorPart(element: KineoDashboard): HTMLElement | null {
  return element.shadowRoot!.querySelector('[part~="error"]');
}

function texts(element: KineoDashboard, selector: string): string[] {
  return [...errorPart(element)!.querySelectorAll(selector)].map((node) => node.textContent!.trim());
}

describe('<kineo-dashboard> error states', () => {
  it('an API that refuses this page’s origin (no answer the page may read): both causes and the fix, in the element and once in the console', async () => {
    const api = new FakeDashboardApi(await loadFixture('learning-progress'));
    // What the browser's fetch does when the preflight answer carries no Access-Control-Allow-Origin.
    api.override = () => {
      throw new TypeError('Failed to fetch');
    };
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    cleanups.push(() => (console.error = original));

    const { element, of } = await mountFailing(api, 'learning-progress');
    const expected =
      `The Kineo API at ${API} could not be reached from this page, or it does not allow this page's origin (${location.origin}). ` +
      `If the API is running, add this origin to the tenant's allowedOrigins.`;
    assertEqual(errorPart(element)!.getAttribute('role'), 'alert', 'an alert');
    assertEqual(texts(element, '.error-title'), ['The analytics service cannot be reached.'], 'title');
    assertEqual(texts(element, '.error-detail'), [expected, 'Trying again automatically…'], 'the detail says why and what to do');
    assertEqual(element.shadowRoot!.querySelectorAll('kineo-panel').length, 0, 'no panels, no data');
    const error = of('kineo-error')[0]!;
    assertEqual([error.source, error.error.code, error.error.message], ['definition', 'network', expected], 'kineo-error');
    assertEqual(logged, [`Kineo: ${expected}`], 'explained once in the console');

    // A retry from the button fails the same way: the console is not flooded.
    errorPart(element)!.querySelector('button')!.click();
    await until(() => of('kineo-error').length >= 2, 'the retry');
    assertEqual(logged.length, 1, 'still one console.error');
    assert(texts(element, '.error-detail').includes(expected), 'the message stays');
  });

  it('a dashboard the viewer’s role may not open: the API’s reason under the title, not a broken page', async () => {
    const api = new FakeDashboardApi(await loadFixture('compliance'));
    api.viewer = { ...api.viewer, role: 'learner', permissions: [] };
    const reason = 'The Compliance & certifications dashboard is not available to learners.';
    api.override = (request) =>
      request.path === '/v1/dashboards/compliance' ? json({ error: { code: 'forbidden', message: reason } }, 403) : undefined;
    const { element, of } = await mountFailing(api, 'compliance');
    assertEqual(texts(element, '.error-title'), ['You do not have access to this dashboard.'], 'title');
    assertEqual(texts(element, '.error-detail'), [reason], 'the reason, and no automatic retry');
    assertEqual(element.shadowRoot!.querySelectorAll('kineo-panel').length, 0, 'no panels');
    assertEqual(api.dataBodies, [], 'no data asked for');
    assertEqual(of('kineo-error').map((e) => [e.source, e.error.status, e.error.message]), [['definition', 403, reason]], 'kineo-error');
  });
});

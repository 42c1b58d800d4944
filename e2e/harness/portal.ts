// Using the demo portal the way a visitor does: sign-in buttons, links, the sign-out button.
import type { DemoPersona } from '../../server/src/demo-data/personas.js';
import type { RecordedPage } from './browser.js';

/** The attribute-selector form of a string. */
const quoted = (value: string) => JSON.stringify(value);

/** Opens the tenant's sign-in page and clicks "Sign in as <persona>"; resolves on the dashboards list. */
export async function signIn(tab: RecordedPage, portalUrl: string, tenant: string, persona: DemoPersona): Promise<void> {
  const { page } = tab;
  await page.goto(`${portalUrl}/c/${tenant}/`, { waitUntil: 'domcontentloaded' });
  const button = await page.$(`form:has(input[name="sub"][value=${quoted(persona.sub)}]) button[type="submit"]`);
  if (!button) throw new Error(`the ${tenant} sign-in page has no button for ${persona.name} (${persona.sub})`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), button.click()]);
  const path = new URL(page.url()).pathname;
  if (path !== `/c/${tenant}/dashboards`) throw new Error(`signing in as ${persona.sub} led to ${page.url()}, not the dashboards list`);
}

/** The dashboard links of the list page: id (from the link) and the title shown. */
export async function listedDashboards(tab: RecordedPage): Promise<{ id: string; title: string }[]> {
  return tab.page.$$eval('main a[href*="/dashboards/"]:not(nav a)', (links) =>
    links.map((link) => ({ id: (link as HTMLAnchorElement).pathname.split('/').pop() ?? '', title: (link.textContent ?? '').trim() })),
  );
}

/** Clicks the list's link to `dashboard` and waits for the dashboard page. */
export async function openDashboard(tab: RecordedPage, dashboard: string): Promise<void> {
  const link = await tab.page.$(`main a[href$="/dashboards/${dashboard}"]:not(nav a)`);
  if (!link) throw new Error(`the dashboards list has no link to ${dashboard}`);
  await Promise.all([tab.page.waitForNavigation({ waitUntil: 'domcontentloaded' }), link.click()]);
}

/** Clicks the header's "Sign out" button and waits for the page it leads to. */
export async function signOut(tab: RecordedPage): Promise<void> {
  const button = await tab.page.$('form[action$="/sign-out"] button[type="submit"]');
  if (!button) throw new Error(`no sign-out button on ${tab.page.url()}`);
  await Promise.all([tab.page.waitForNavigation({ waitUntil: 'domcontentloaded' }), button.click()]);
}

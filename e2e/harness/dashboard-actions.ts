// What a user does on a <kineo-dashboard>, with the real mouse: click a bar to drill down, a
// breadcrumb to go back up, a slice to cross-filter, a panel's menu to download its rows.
import type { DashboardView, PanelView, RecordedPage } from './browser.js';

type Datum = Record<string, unknown>;

/** Clicks the `index`th data shape (bar, slice) of a chart panel; resolves with the datum it shows. */
export async function clickMark(tab: RecordedPage, panel: string, index = 0): Promise<Datum> {
  const target = await tab.clickAt<{ point: { x: number; y: number }; datum: Datum | null }>('markTarget', panel, index);
  if (!target.datum) throw new Error(`the clicked mark of ${panel} has no datum`);
  return target.datum;
}

/** Waits until a panel shows data at `depth` breadcrumbs (0: top level, no breadcrumbs) and nothing else is loading. */
export async function waitForDrillDepth(tab: RecordedPage, panel: string, depth: number): Promise<{ view: DashboardView; panel: PanelView }> {
  return tab.waitUntil(`panel ${panel} at drill depth ${depth}`, async () => {
    const view = await tab.dashboardView();
    const shown = view.panels.find((p) => p.id === panel);
    const crumbs = depth === 0 ? 0 : depth + 1;
    if (!shown || shown.breadcrumbs.length !== crumbs) return undefined;
    return view.errors.length === 0 && view.panels.every((p) => p.problem === null) ? { view, panel: shown } : undefined;
  });
}

/** Clicks breadcrumb `index` (0: the top level) of a panel. */
export async function clickBreadcrumb(tab: RecordedPage, panel: string, index: number): Promise<string> {
  const target = await tab.clickAt<{ point: { x: number; y: number }; text: string }>('breadcrumbTarget', panel, index);
  return target.text;
}

/** Waits until the dashboard shows a cross-filter chip and every panel its data again. */
export async function waitForCrossFilter(tab: RecordedPage): Promise<DashboardView> {
  return tab.waitUntil('the cross-filter chip and every panel with data', async () => {
    const view = await tab.dashboardView();
    return view.crossFilterChips.length > 0 && view.errors.length === 0 && view.panels.every((p) => p.problem === null) ? view : undefined;
  });
}

/** Opens a panel's actions menu and clicks the menu item `action` (e.g. `export-csv`). */
export async function runPanelAction(tab: RecordedPage, panel: string, action: string): Promise<void> {
  await tab.clickAt('partTarget', 'actions-button', panel);
  await tab.waitUntil(`the ${action} item of ${panel}'s menu`, () =>
    tab.inPage<unknown>('selectorTarget', `[role="menuitem"][data-action="${action}"]`, panel).then(() => true),
  );
  await tab.clickAt('selectorTarget', `[role="menuitem"][data-action="${action}"]`, panel);
}

export function panelIn(view: DashboardView, id: string): PanelView {
  const panel = view.panels.find((p) => p.id === id);
  if (!panel) throw new Error(`the dashboard shows no panel ${id} (has ${view.panels.map((p) => p.id).join(', ')})`);
  return panel;
}

// Injected into every page the e2e tests open (before the page's own scripts), as plain JS: what a
// host page can observe of the Kineo elements, through open shadow roots, `part` names, public
// properties and the elements' events. It reads and never changes the page. The Node side calls
// these functions by name (harness/browser.ts `inPage`), so nothing here goes through a bundler.
(() => {
  const EVENT_NAMES = ['kineo-ready', 'kineo-filter-change', 'kineo-select', 'kineo-drill', 'kineo-error', 'kineo-token-refresh'];
  /** @type {{ type: string, detail: unknown, at: number }[]} */
  const events = [];
  for (const type of EVENT_NAMES)
    document.addEventListener(
      type,
      (event) => {
        let detail;
        try {
          detail = structuredClone(event.detail);
        } catch {
          detail = String(event.detail);
        }
        events.push({ type, detail, at: Date.now() });
      },
      { capture: true },
    );

  /** Every element matching `selector` under `root`, descending into open shadow roots. */
  function deepAll(root, selector) {
    const found = [];
    const visit = (node) => {
      for (const element of node.querySelectorAll('*')) {
        if (element.matches(selector)) found.push(element);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    if (root.shadowRoot) visit(root.shadowRoot);
    visit(root);
    return found;
  }

  const parts = (root, name) => deepAll(root, `[part~="${name}"]`);
  const text = (element) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();

  function dashboard() {
    const element = deepAll(document, 'kineo-dashboard')[0];
    if (!element) throw new Error('the page has no <kineo-dashboard>');
    return element;
  }

  function panelElement(id) {
    const panel = deepAll(dashboard(), 'kineo-panel').find((p) => p.panel === id);
    if (!panel) throw new Error(`no <kineo-panel panel="${id}"> (has: ${deepAll(dashboard(), 'kineo-panel').map((p) => p.panel).join(', ')})`);
    return panel;
  }

  /** The data items a chart draws: the datum of every item of its Vega marks (role "mark"). */
  function chartData(panel) {
    const root = panel.chartHandle?.view.scenegraph().root;
    const data = [];
    const visit = (mark) => {
      if (mark.marktype === 'group') for (const group of mark.items) for (const child of group.items ?? []) visit(child);
      else if (mark.role === 'mark') for (const item of mark.items) data.push({ ...item.datum });
    };
    if (root) visit(root);
    return data;
  }

  function chartMarkCount(panel) {
    const view = parts(panel, 'chart-view')[0];
    if (!view) return 0;
    const svg = view.querySelector('svg');
    if (svg) return svg.querySelectorAll('.role-mark > *').length;
    return chartData(panel).length;
  }

  function tableRows(panel) {
    const region = parts(panel, 'table')[0];
    return region ? [...region.querySelectorAll('tbody tr')].map((row) => [...row.cells].map(text)) : [];
  }

  function kpiValue(panel) {
    const value = parts(panel, 'kpi-value')[0];
    return value ? Number(value.value) : null;
  }

  /** Why a panel does not show data, or null when it does. */
  function panelProblem(panel) {
    const error = parts(panel, 'error')[0];
    if (error) return `shows an error: ${text(error)}`;
    if (panel.shadowRoot?.querySelector('[aria-busy="true"]') || parts(panel, 'loading').length > 0) return 'loading';
    if (parts(panel, 'empty').length > 0) return 'empty';
    if (parts(panel, 'kpi-value').length > 0) return Number.isFinite(kpiValue(panel)) ? null : 'a KPI without a number';
    if (parts(panel, 'table').length > 0) return tableRows(panel).length > 0 ? null : 'a table without rows';
    if (parts(panel, 'chart-view').length > 0) return chartMarkCount(panel) > 0 ? null : 'a chart without marks';
    return 'nothing shown yet';
  }

  function describePanel(panel) {
    return {
      id: panel.panel,
      title: text(parts(panel, 'title')[0]),
      problem: panelProblem(panel),
      kpi: kpiValue(panel),
      chart: chartData(panel),
      table: tableRows(panel),
      breadcrumbs: breadcrumbs(panel).map(text),
    };
  }

  function breadcrumbs(panel) {
    const crumbs = deepAll(panel, 'kineo-breadcrumbs')[0];
    return crumbs ? parts(crumbs, 'item') : [];
  }

  /** Errors shown by the dashboard itself or by its panels, as text. */
  function shownErrors() {
    const element = deepAll(document, 'kineo-dashboard')[0];
    return element ? parts(element, 'error').map(text) : [];
  }

  /** A viewport point on which `element` itself is hit (its root's elementFromPoint), after scrolling it into view. */
  function pointOn(element) {
    element.scrollIntoView({ block: 'center', inline: 'center' });
    const box = element.getBoundingClientRect();
    const root = element.getRootNode();
    const steps = 9;
    const candidates = [];
    for (let i = 1; i < steps; i++) for (let j = 1; j < steps; j++) candidates.push([box.left + (box.width * i) / steps, box.top + (box.height * j) / steps]);
    // Nearest the centre first.
    const cx = box.left + box.width / 2;
    const cy = box.top + box.height / 2;
    candidates.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
    for (const [x, y] of candidates) {
      const hit = root.elementFromPoint(x, y);
      if (hit === element || element.contains(hit)) return { x: Math.round(x), y: Math.round(y) };
    }
    throw new Error(`no visible point of ${element.tagName} (box ${JSON.stringify(box)})`);
  }

  /** The nth SVG shape of a chart panel's data marks, where a mouse would click it, and its datum. */
  function markTarget(panelId, index) {
    const panel = panelElement(panelId);
    const shapes = [...(parts(panel, 'chart-view')[0]?.querySelectorAll('svg .role-mark > path') ?? [])];
    const shape = shapes[index];
    if (!shape) throw new Error(`panel ${panelId} has ${shapes.length} SVG mark shapes, not ${index + 1}`);
    return { point: pointOn(shape), datum: chartData(panel)[index] ?? null };
  }

  /** A button (or other clickable) under the dashboard: by part name, optionally within a panel, and its text. */
  function partTarget(part, panelId, index = 0) {
    const root = panelId ? panelElement(panelId) : dashboard();
    const found = parts(root, part);
    const element = found[index];
    if (!element) throw new Error(`no [part~="${part}"] #${index}${panelId ? ` in panel ${panelId}` : ''} (found ${found.length})`);
    const clickable = element.matches('button, a, [role="menuitem"], input') ? element : element.querySelector('button, a') ?? element;
    return { point: pointOn(clickable), text: text(clickable) };
  }

  function selectorTarget(selector, panelId, index = 0) {
    const root = panelId ? panelElement(panelId) : dashboard();
    const found = deepAll(root, selector);
    const element = found[index];
    if (!element) throw new Error(`no ${selector} #${index}${panelId ? ` in panel ${panelId}` : ''} (found ${found.length})`);
    return { point: pointOn(element), text: text(element) };
  }

  function breadcrumbTarget(panelId, index) {
    const items = breadcrumbs(panelElement(panelId));
    const button = items[index]?.querySelector('button');
    if (!button) throw new Error(`breadcrumb ${index} of ${panelId} has no button (crumbs: ${items.map(text).join(' / ')})`);
    return { point: pointOn(button), text: text(button) };
  }

  window.kineoE2e = {
    events: () => events,
    state: () => {
      const element = deepAll(document, 'kineo-dashboard')[0];
      if (!element) return { present: false, dashboard: null, errors: [], panels: [] };
      return {
        present: true,
        dashboard: element.getAttribute('dashboard'),
        errors: shownErrors(),
        panels: deepAll(element, 'kineo-panel').map(describePanel),
        crossFilterChips: parts(element, 'cross-filter').map(text),
      };
    },
    panel: (id) => describePanel(panelElement(id)),
    markTarget,
    partTarget,
    selectorTarget,
    breadcrumbTarget,
    deepText: (selector) => deepAll(document, selector).map(text),
    storage: () => ({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      cookie: document.cookie,
    }),
  };
})();

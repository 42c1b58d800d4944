import { ContextConsumer } from '@lit/context';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { dashboardContext } from '../state/dashboard-context.js';
import { ThemeController, resolveThemeMode } from '../theme/theme-mode.js';
import { themeStyles } from '../theme/theme-styles.js';
import { breadcrumbsStyles } from './breadcrumbs.styles.js';

/**
 * A panel's drill path: the panel's title, then each value clicked on the way down (a readable
 * name when the selected mark had one). Every item but the current one is a button back to that
 * level (`drillTo`, firing `kineo-drill` with `direction: 'up'`). Renders nothing at the top level.
 * It reads the state of the enclosing `<kineo-dashboard>` or standalone panel element.
 *
 * @tagname kineo-breadcrumbs
 * @summary Breadcrumbs back up a panel's drill path.
 *
 * @csspart base - The `<nav>`.
 * @csspart list - The list of levels.
 * @csspart item - One level.
 * @csspart current - The current level.
 *
 * @cssprop --kineo-color-primary - The links back.
 * @cssprop --kineo-color-text-muted - The separators.
 */
export class KineoBreadcrumbs extends LitElement {
  static override styles = [themeStyles, breadcrumbsStyles];

  static override properties = {
    panel: { type: String },
    theme: { type: String },
  };

  /** The panel whose drill path this shows. */
  declare panel: string | undefined;
  /** `light`, `dark` or `auto`; default the dashboard's. */
  declare theme: string | undefined;

  readonly #context = new ContextConsumer(this, { context: dashboardContext, subscribe: true });

  constructor() {
    super();
    new ThemeController(this);
  }

  override render(): TemplateResult | typeof nothing {
    const value = this.#context.value;
    const panelId = this.panel;
    const snapshot = value?.snapshot;
    const panel = panelId ? snapshot?.definition?.panels.find((p) => p.id === panelId) : undefined;
    const path = panelId ? (snapshot?.drill[panelId] ?? []) : [];
    if (!value || !snapshot || !panel || !panelId || path.length === 0) return nothing;
    const labels = snapshot.drillLabels?.[panelId] ?? [];
    const items = [panel.title, ...path.map((step, i) => labels[i] ?? String(step))];
    const mode = resolveThemeMode(this.theme, snapshot.theme?.mode);
    return html`
      <nav part="base" class="kineo-theme" data-mode=${mode} aria-label="Drill path">
        <ol part="list">
          ${items.map((label, depth) =>
            depth === items.length - 1
              ? html`<li part="item current"><span aria-current="location">${label}</span></li>`
              : html`<li part="item">
                  <button type="button" @click=${() => value.controller.drillTo(panelId, depth)}>${label}</button>
                </li>`,
          )}
        </ol>
      </nav>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-breadcrumbs': KineoBreadcrumbs;
  }
}

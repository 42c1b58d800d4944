import { css } from 'lit';

/** The chrome and bodies of `<kineo-panel>`, `<kineo-chart>`, `<kineo-kpi>` and `<kineo-table>`. */
export const panelStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    box-sizing: border-box;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_kineo-gap) / 2);
    height: 100%;
    min-width: 0;
    padding: var(--_kineo-panel-padding);
    background: var(--_kineo-color-surface);
    border: 1px solid var(--_kineo-color-border);
    border-radius: var(--_kineo-radius);
    font-size: 0.875rem;
    line-height: 1.4;
  }
  .header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: 8px;
    min-width: 0;
  }
  .heading {
    min-width: 0;
    flex: 1;
  }
  .title {
    margin: 0;
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .description {
    margin: 2px 0 0;
    color: var(--_kineo-color-text-muted);
    font-size: 0.8125rem;
  }
  .title-placeholder {
    height: 1.1rem;
    width: min(14rem, 60%);
  }
  .body {
    position: relative;
    flex: 1;
    min-width: 0;
  }

  /* Buttons (retry, pager) and the actions menu: neutral, so any tenant colour keeps contrast. */
  .button {
    font: inherit;
    color: var(--_kineo-color-text);
    background: var(--_kineo-color-surface);
    border: 1px solid var(--_kineo-color-text-muted);
    border-radius: calc(var(--_kineo-radius) * 0.75);
    padding: 4px 12px;
    cursor: pointer;
  }
  .button:hover:not(:disabled) {
    background: var(--_kineo-color-background);
  }
  .button:disabled {
    cursor: default;
    opacity: 0.55;
  }
  .actions {
    position: relative;
    flex: none;
  }
  .actions-button {
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    color: var(--_kineo-color-text-muted);
    background: transparent;
    border: 1px solid transparent;
    border-radius: calc(var(--_kineo-radius) * 0.75);
    cursor: pointer;
  }
  .actions-button svg {
    fill: currentColor;
  }
  .actions-button:hover,
  .actions-button[aria-expanded='true'] {
    color: var(--_kineo-color-text);
    border-color: var(--_kineo-color-border);
    background: var(--_kineo-color-background);
  }
  [role='menu'] {
    position: absolute;
    z-index: 10;
    top: calc(100% + 4px);
    right: 0;
    min-width: 12rem;
    padding: 4px 0;
    background: var(--_kineo-color-surface);
    border: 1px solid var(--_kineo-color-border);
    border-radius: calc(var(--_kineo-radius) * 0.75);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
  }
  [role='menu'][hidden] {
    display: none;
  }
  [role='menuitem'] {
    display: block;
    width: 100%;
    padding: 6px 14px;
    font: inherit;
    text-align: start;
    color: var(--_kineo-color-text);
    background: transparent;
    border: 0;
    cursor: pointer;
  }
  [role='menuitem']:hover,
  [role='menuitem']:focus-visible {
    background: var(--_kineo-color-background);
  }
  [role='menuitem']:focus-visible {
    outline-offset: -2px;
  }

  /* States */
  .skeleton-block {
    border-radius: calc(var(--_kineo-radius) / 2);
    background: linear-gradient(
      90deg,
      var(--_kineo-color-grid) 0%,
      var(--_kineo-color-background) 50%,
      var(--_kineo-color-grid) 100%
    );
    background-size: 200% 100%;
    animation: kineo-shimmer 1.4s ease-in-out infinite;
  }
  .loading {
    display: grid;
    gap: 8px;
    min-height: 4rem;
  }
  .loading .skeleton-block {
    min-height: 1rem;
  }
  .loading .skeleton-block.tall {
    min-height: 8rem;
  }
  @keyframes kineo-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton-block {
      animation: none;
    }
  }
  .error,
  .empty {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
    padding: 8px 0;
  }
  .error p,
  .empty p {
    margin: 0;
  }
  .error-message {
    color: var(--_kineo-color-danger);
    font-weight: 600;
  }
  .empty {
    color: var(--_kineo-color-text-muted);
  }
  .notice {
    margin: 0;
    color: var(--_kineo-color-danger);
  }
  /* Newer data is loading over what is shown: a thin bar, not dimming (dimmed text fails contrast). */
  .progress {
    position: absolute;
    inset: -6px 0 auto;
    height: 2px;
    overflow: hidden;
    border-radius: 1px;
    background: var(--_kineo-color-grid);
  }
  .progress::after {
    content: '';
    position: absolute;
    inset: 0 auto 0 0;
    width: 30%;
    background: var(--_kineo-color-primary);
    animation: kineo-progress 1.2s ease-in-out infinite;
  }
  @keyframes kineo-progress {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(340%);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .progress::after {
      animation: none;
      width: 100%;
      opacity: 0.5;
    }
  }

  /* KPI */
  .kpi {
    margin: 0;
    /* The figure scales with the panel, not the window: a quarter-width KPI in a narrow host column
       must not overflow into its neighbour. */
    container-type: inline-size;
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 8px;
  }
  .kpi-value {
    font-size: clamp(1.25rem, 15cqi, 2.5rem);
    overflow-wrap: anywhere;
    font-weight: 650;
    line-height: 1.1;
    font-variant-numeric: tabular-nums;
    color: var(--_kineo-color-text);
  }
  .kpi-caption {
    color: var(--_kineo-color-text-muted);
  }

  /* Chart */
  .chart {
    width: 100%;
    min-width: 0;
  }

  /* Tables */
  .table-region {
    max-width: 100%;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 6px 8px;
    text-align: start;
    vertical-align: top;
    border-bottom: 1px solid var(--_kineo-color-grid);
    white-space: nowrap;
  }
  th {
    font-weight: 600;
    color: var(--_kineo-color-text);
    border-bottom-color: var(--_kineo-color-border);
  }
  th.numeric,
  td.numeric {
    text-align: end;
  }
  .sort {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 0;
    font: inherit;
    font-weight: 600;
    color: inherit;
    background: none;
    border: 0;
    cursor: pointer;
  }
  .sort-arrow {
    display: inline-block;
    min-width: 0.8em;
    font-size: 0.7em;
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 8px;
    padding-top: 8px;
  }
  .pager-status {
    margin-inline-end: auto;
    color: var(--_kineo-color-text-muted);
  }
`;

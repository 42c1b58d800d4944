import { css } from 'lit';

export const dashboardStyles = css`
  :host {
    display: block;
    /* Panels lay out by the element's own width, not the viewport's: it may sit in a sidebar. */
    container-type: inline-size;
    container-name: kineo-dashboard;
  }
  :host([hidden]) {
    display: none;
  }
  .dashboard {
    display: flex;
    flex-direction: column;
    gap: var(--_kineo-gap);
    background: var(--_kineo-color-background);
    padding: var(--kineo-dashboard-padding, 0);
  }
  .header {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .title {
    margin: 0;
    font-size: var(--kineo-title-font-size, 1.375rem);
    font-weight: 600;
    line-height: 1.3;
  }
  .description {
    margin: 0;
    color: var(--_kineo-color-text-muted);
    max-width: 72ch;
  }
  kineo-filter-bar {
    position: relative;
    /* The filter popovers open over the panels below. */
    z-index: 2;
  }
  .cross-filter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    align-self: flex-start;
    padding: 4px 4px 4px 12px;
    border: 1px solid var(--_kineo-color-primary);
    border-radius: 999px;
    background: var(--_kineo-color-surface);
    font-size: 0.875rem;
  }
  .cross-filter button,
  .error button {
    font: inherit;
    color: var(--_kineo-color-primary);
    background: transparent;
    border: 1px solid var(--_kineo-color-border);
    border-radius: 999px;
    padding: 2px 10px;
    cursor: pointer;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(12, minmax(0, 1fr));
    /* A layout row is at least this tall; a panel's rows grow with its content (auto-height). */
    grid-auto-rows: minmax(var(--kineo-row-height, 80px), auto);
    gap: var(--_kineo-gap);
  }
  .cell {
    grid-column: var(--kineo-cell-x) / span var(--kineo-cell-w);
    grid-row: var(--kineo-cell-y) / span var(--kineo-cell-h);
    min-width: 0;
  }
  @container kineo-dashboard (max-width: 640px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
    .cell {
      grid-column: 1;
      grid-row: auto / span var(--kineo-cell-h);
    }
  }
  .error {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
    padding: var(--_kineo-panel-padding);
    border: 1px solid var(--_kineo-color-danger);
    border-radius: var(--_kineo-radius);
    background: var(--_kineo-color-surface);
  }
  .error p {
    margin: 0;
  }
  .error .error-title {
    font-weight: 600;
    color: var(--_kineo-color-danger);
  }
  .error .error-detail {
    color: var(--_kineo-color-text-muted);
    font-size: 0.875rem;
  }
  .loading {
    display: grid;
    gap: var(--_kineo-gap);
    grid-template-columns: repeat(12, minmax(0, 1fr));
  }
  .skeleton {
    grid-column: span 6;
    height: calc(var(--kineo-row-height, 80px) * 3);
    border-radius: var(--_kineo-radius);
    background: var(--_kineo-color-surface);
    border: 1px solid var(--_kineo-color-border);
  }
  .skeleton.wide {
    grid-column: span 12;
    height: 40px;
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton {
      animation: kineo-pulse 1.4s ease-in-out infinite;
    }
  }
  @keyframes kineo-pulse {
    50% {
      opacity: 0.55;
    }
  }
`;

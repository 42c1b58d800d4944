import { css } from 'lit';

export const filterBarStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 12px var(--_kineo-gap);
  }
  .filter {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: 4px;
    min-width: 10rem;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .label {
    padding: 0;
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_kineo-color-text-muted);
  }
  .dates {
    display: flex;
    gap: 8px;
  }
  .date {
    display: flex;
    align-items: center;
    gap: 4px;
    font-size: 0.875rem;
  }
  input,
  select,
  .select-button,
  .clear {
    font: inherit;
    font-size: 0.875rem;
    color: var(--_kineo-color-text);
    background: var(--_kineo-color-surface);
    border: 1px solid var(--_kineo-color-border);
    border-radius: calc(var(--_kineo-radius) / 2);
    padding: 6px 8px;
    min-height: 34px;
    box-sizing: border-box;
  }
  input[aria-invalid='true'] {
    border-color: var(--_kineo-color-danger);
  }
  .select-button {
    display: inline-flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    min-width: 10rem;
    cursor: pointer;
    text-align: start;
  }
  .chevron::after {
    content: '▾' / '';
  }
  :disabled {
    cursor: not-allowed;
    opacity: 0.7;
  }
  .clear {
    cursor: pointer;
    color: var(--_kineo-color-primary);
  }
  .popover {
    position: absolute;
    top: 100%;
    inset-inline-start: 0;
    z-index: 10;
    margin-top: 4px;
    min-width: max(100%, 16rem);
    max-width: min(24rem, 90vw);
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 8px;
    background: var(--_kineo-color-surface);
    border: 1px solid var(--_kineo-color-border);
    border-radius: var(--_kineo-radius);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  .search {
    width: 100%;
  }
  .bulk {
    display: flex;
    gap: 12px;
  }
  .link-button {
    font: inherit;
    font-size: 0.8125rem;
    color: var(--_kineo-color-primary);
    background: none;
    border: 0;
    padding: 2px 0;
    cursor: pointer;
    text-decoration: underline;
  }
  .listbox {
    list-style: none;
    margin: 0;
    padding: 2px;
    max-height: 16rem;
    overflow: auto;
    border-radius: calc(var(--_kineo-radius) / 2);
  }
  .option {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 8px;
    padding-inline-start: calc(8px + var(--kineo-option-depth, 0) * 16px);
    border-radius: 4px;
    cursor: pointer;
    font-size: 0.875rem;
  }
  .option.active {
    background: color-mix(in srgb, var(--_kineo-color-primary) 14%, transparent);
    outline: 1px solid var(--_kineo-color-primary);
  }
  .checkbox {
    flex: none;
    width: 14px;
    height: 14px;
    border: 1px solid var(--_kineo-color-text-muted);
    border-radius: 3px;
    display: inline-grid;
    place-items: center;
    font-size: 11px;
    line-height: 1;
  }
  .option[aria-selected='true'] .checkbox {
    background: var(--_kineo-color-primary);
    border-color: var(--_kineo-color-primary);
    color: var(--_kineo-color-surface);
  }
  .option[aria-selected='true'] .checkbox::after {
    content: '✓' / '';
  }
  .note,
  .locked-note,
  .field-error,
  .message {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_kineo-color-text-muted);
    max-width: 22rem;
  }
  .field-error {
    color: var(--_kineo-color-danger);
  }
`;

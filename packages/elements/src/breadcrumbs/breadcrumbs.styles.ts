import { css } from 'lit';

export const breadcrumbsStyles = css`
  :host {
    display: block;
    font-size: 0.8125rem;
  }
  :host([hidden]) {
    display: none;
  }
  ol {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-width: 0;
  }
  li + li::before {
    content: '›' / '';
    color: var(--_kineo-color-text-muted);
  }
  button {
    font: inherit;
    color: var(--_kineo-color-primary);
    background: none;
    border: 0;
    padding: 2px;
    cursor: pointer;
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  [aria-current] {
    font-weight: 600;
    color: var(--_kineo-color-text);
  }
`;

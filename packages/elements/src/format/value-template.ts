import { html, type TemplateResult } from 'lit';
import type { ValueFormat } from '@kineo/core';
import { formatValue, isNoValue, NO_VALUE, NO_VALUE_LABEL } from './format-value.js';

/**
 * A formatted value for a lit template. A missing value shows `NO_VALUE` (an em dash) to the eye
 * and reads as "no value": the dash is hidden from assistive technology and the words are
 * visually hidden (the element's styles must include `themeStyles`, which defines `.visually-hidden`).
 */
export function renderValue(value: unknown, format: ValueFormat | undefined, locale: string | undefined): TemplateResult | string {
  if (isNoValue(value)) return html`<span aria-hidden="true">${NO_VALUE}</span><span class="visually-hidden">${NO_VALUE_LABEL}</span>`;
  return formatValue(value, format, locale);
}

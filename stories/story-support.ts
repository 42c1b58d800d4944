// Shared by the stories: registers the elements, installs the fixture API, and frames a story in
// the light or dark page it is meant for.
import { html, type TemplateResult } from 'lit';
import '../packages/elements/src/kineo.js';
import { fixtureApi, fixtureToken, installFixtureApi } from './fixture-api.js';

installFixtureApi();

export type StoryTheme = 'light' | 'dark';

/** A page background matching the theme, so dark stories are judged on a dark page. */
export function onPage(theme: StoryTheme, content: TemplateResult, width = '100%'): TemplateResult {
  const background = theme === 'dark' ? '#0f172a' : '#f8fafc';
  return html`<div style="background:${background};padding:1rem;max-width:${width}">${content}</div>`;
}

/** After the element's first data (`kineo-ready`), runs `then` with it: e.g. drill down in a story. */
export function whenReady<T extends HTMLElement>(element: T, then: (element: T) => void): T {
  element.addEventListener('kineo-ready', () => then(element), { once: true });
  return element;
}

/** The attributes a panel element (or a filter bar) needs on its own, without a dashboard. */
export interface StandaloneArgs {
  dashboard: string;
  panel: string;
  mode: 'ready' | 'loading' | 'error' | 'empty';
  theme: StoryTheme;
}

export const standaloneArgTypes = {
  mode: { control: 'select', options: ['ready', 'loading', 'error', 'empty'] },
  theme: { control: 'inline-radio', options: ['light', 'dark'] },
} as const;

/** Renders `tag` standalone against the fixture API, framed for its theme. */
export function standalone(
  tag: 'kineo-panel' | 'kineo-chart' | 'kineo-kpi' | 'kineo-table' | 'kineo-filter-bar',
  args: StandaloneArgs,
  width: string,
  setup?: (element: HTMLElement) => void,
): TemplateResult {
  const element = document.createElement(tag);
  element.setAttribute('api', fixtureApi(args.mode));
  element.setAttribute('dashboard', args.dashboard);
  if (tag !== 'kineo-filter-bar') element.setAttribute('panel', args.panel);
  element.setAttribute('theme', args.theme);
  (element as HTMLElement & { token?: string }).token = fixtureToken();
  setup?.(element);
  return onPage(args.theme, html`${element}`, width);
}

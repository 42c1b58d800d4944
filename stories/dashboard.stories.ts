import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { fixtureApi, fixtureToken, type FixtureMode } from './fixture-api.js';
import { onPage, type StoryTheme } from './story-support.js';

interface DashboardArgs {
  dashboard: 'learning-progress' | 'compliance' | 'team-performance';
  mode: FixtureMode;
  theme: StoryTheme;
  locale?: string;
}

/**
 * `<kineo-dashboard>`: the whole dashboard (filter bar, KPIs, charts, tables) from one definition
 * and one data request. Fixture data from the demo tenant "acme" as an admin.
 */
const meta: Meta<DashboardArgs> = {
  title: 'Elements/kineo-dashboard',
  component: 'kineo-dashboard',
  args: { dashboard: 'learning-progress', mode: 'ready', theme: 'light' },
  argTypes: {
    dashboard: { control: 'select', options: ['learning-progress', 'compliance', 'team-performance'] },
    mode: { control: 'select', options: ['ready', 'loading', 'error', 'forbidden', 'empty'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'text' },
  },
  render: ({ dashboard, mode, theme, locale }) =>
    onPage(
      theme,
      html`<kineo-dashboard api=${fixtureApi(mode)} dashboard=${dashboard} theme=${theme} locale=${ifDefined(locale)} .token=${fixtureToken()}></kineo-dashboard>`,
    ),
};
export default meta;

type Story = StoryObj<DashboardArgs>;

export const LearningProgress: Story = {};
export const Compliance: Story = { args: { dashboard: 'compliance' } };
export const TeamPerformance: Story = { args: { dashboard: 'team-performance' } };
export const Dark: Story = { args: { theme: 'dark' } };
export const GermanLocale: Story = { args: { locale: 'de-DE' } };
export const Loading: Story = { args: { mode: 'loading' } };
export const Error: Story = { args: { mode: 'error' } };
export const NoAccess: Story = { args: { mode: 'forbidden' } };
export const Empty: Story = { args: { mode: 'empty' } };

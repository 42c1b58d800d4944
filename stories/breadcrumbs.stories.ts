import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { KineoChart } from '../packages/elements/src/chart/chart.component.js';
import { standalone, type StandaloneArgs } from './story-support.js';

interface BreadcrumbsArgs extends StandaloneArgs {
  /** Values clicked down the drill path: category, then course. */
  path: string[];
}

/**
 * `<kineo-breadcrumbs>`: a panel's drill path, shown in the header of a drilled panel; every step
 * but the last goes back up. Here a chart drilled from "Compliance" into one of its courses.
 */
const meta: Meta<BreadcrumbsArgs> = {
  title: 'Elements/kineo-breadcrumbs',
  component: 'kineo-breadcrumbs',
  args: { dashboard: 'learning-progress', panel: 'completion-by-category', mode: 'ready', theme: 'light', path: ['Compliance'] },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
  render: ({ path, ...args }) =>
    standalone('kineo-chart', args, '44rem', (element) => {
      element.addEventListener(
        'kineo-ready',
        () => {
          const controller = (element as KineoChart).context?.controller;
          for (const value of path) controller?.drillDown(args.panel, value);
        },
        { once: true },
      );
    }),
};
export default meta;

type Story = StoryObj<BreadcrumbsArgs>;

export const OneLevelDown: Story = {};
export const TwoLevelsDown: Story = { args: { path: ['Compliance', 'acme-c005'] } };
export const Dark: Story = { args: { theme: 'dark' } };

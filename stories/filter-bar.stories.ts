import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { standalone, standaloneArgTypes, type StandaloneArgs } from './story-support.js';

/** learning-progress */
const meta: Meta<StandaloneArgs> = {
  title: 'Elements/kineo-filter-bar',
  component: 'kineo-filter-bar',
  args: { dashboard: '', panel: '60rem', mode: 'ready', theme: 'light' },
  argTypes: standaloneArgTypes,
  render: (args) => standalone('kineo-filter-bar', args, ''),
};
export default meta;

type Story = StoryObj<StandaloneArgs>;

export const Ready: Story = {};
export const Loading: Story = { args: { mode: 'loading' } };
export const Error: Story = { args: { mode: 'error' } };
export const Dark: Story = { args: { theme: 'dark' } };

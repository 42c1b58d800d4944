import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { standalone, standaloneArgTypes, type StandaloneArgs } from './story-support.js';

/** team-performance */
const meta: Meta<StandaloneArgs> = {
  title: 'Elements/kineo-panel',
  component: 'kineo-panel',
  args: { dashboard: 'learning-time', panel: '44rem', mode: 'ready', theme: 'light' },
  argTypes: standaloneArgTypes,
  render: (args) => standalone('kineo-panel', args, ''),
};
export default meta;

type Story = StoryObj<StandaloneArgs>;

export const Ready: Story = {};
export const Loading: Story = { args: { mode: 'loading' } };
export const Error: Story = { args: { mode: 'error' } };
export const Empty: Story = { args: { mode: 'empty' } };
export const Dark: Story = { args: { theme: 'dark' } };

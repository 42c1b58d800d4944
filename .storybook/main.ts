// Storybook for the elements: `npm run storybook` (dev server) or `npm run build:storybook`
// (static build, part of `npm test`). Stories live in `stories/` and run the real elements against
// fixture data served by an in-page fake of the API (`stories/fixture-api.ts`): no server needed.
import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: {
    // This project's machines reach only the npm registry: no telemetry, no update checks.
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
  },
};

export default config;

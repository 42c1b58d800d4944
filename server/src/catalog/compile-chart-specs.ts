import { compile, type TopLevelSpec } from 'vega-lite';
import type { DashboardDefinition, PanelView } from '@kineo/core';

function compileView<T extends PanelView>(view: T, at: string, problems: string[]): T {
  if (view.type !== 'chart' || !view.spec) return view;
  const silent = { level: () => silent, warn: () => silent, info: () => silent, debug: () => silent, error: () => silent };
  try {
    const { spec } = compile(view.spec as unknown as TopLevelSpec, { logger: silent as never });
    return { ...view, vega: spec as unknown as Record<string, unknown> };
  } catch (error) {
    problems.push(`${at}: the Vega-Lite spec does not compile: ${(error as Error).message.split('\n')[0]}`);
    return view;
  }
}

/**
 * Compiles every chart's Vega-Lite spec (panels and drill levels) to Vega, so a spec that is not
 * valid Vega-Lite stops start-up, and browsers receive ready Vega and need only its runtime.
 */
export function compileChartSpecs(dashboard: DashboardDefinition, problems: string[]): DashboardDefinition {
  const where = `dashboard "${dashboard.id}"`;
  return {
    ...dashboard,
    panels: dashboard.panels.map((panel) => ({
      ...compileView(panel, `${where}: panel "${panel.id}"`, problems),
      ...(panel.drill
        ? { drill: panel.drill.map((level, i) => compileView(level, `${where}: panel "${panel.id}" drill level ${i + 1}`, problems)) }
        : {}),
    })),
  };
}

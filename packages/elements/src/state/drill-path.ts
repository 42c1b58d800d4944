import { DrillPath, type DrillLevel, type PanelDefinition, type PanelView } from '@kineo/core';

/** A panel's views, top level first, then each drill level. */
export function panelLevels(panel: PanelDefinition): readonly (PanelView | DrillLevel)[] {
  return [panel, ...(panel.drill ?? [])];
}

/** The view a panel shows at `depth` (0 = top); the deepest level when the path is longer. */
export function levelAt(panel: PanelDefinition, depth: number): PanelView | DrillLevel {
  const levels = panelLevels(panel);
  return levels[Math.min(Math.max(0, depth), levels.length - 1)]!;
}

/** The level one below `depth`, if the panel has one. */
export function nextDrillLevel(panel: PanelDefinition, depth: number): DrillLevel | undefined {
  return panel.drill?.[depth];
}

/** The value of a selected datum that drills into `level` (its `from` field), when it can be one. */
export function drillValueOf(datum: Readonly<Record<string, unknown>>, level: DrillLevel): string | number | undefined {
  const value = datum[level.from];
  return isDrillValue(value) ? value : undefined;
}

/** A value a drill path can carry (what `DrillPath` accepts). */
export function isDrillValue(value: unknown): value is string | number {
  return (typeof value === 'string' || typeof value === 'number') && DrillPath.safeParse([value]).success;
}

/**
 * A readable name for a drilled value: the datum's `<x>_name` (or `name`, `label`, `title`) when
 * the value came from an id field `<x>_id`; the value itself when it is already readable text.
 * Breadcrumbs show it, so a course reads as its name and not as `c-117`.
 */
export function drillLabelOf(datum: Readonly<Record<string, unknown>>, from: string): string | undefined {
  const match = /^(?:(.+)_id|id)$/i.exec(from);
  if (!match) return undefined;
  const stem = match[1];
  const candidates = stem ? [`${stem}_name`, `${stem}_label`, `${stem}_title`] : [];
  candidates.push('name', 'label', 'title');
  for (const field of candidates) {
    const value = datum[field];
    if (typeof value === 'string' && value.trim().length > 0) return value;
  }
  return undefined;
}

/** The path's drill levels that exist for `panel`: a path longer than the panel's levels is cut. */
export function fitDrillPath(panel: PanelDefinition, path: DrillPath): DrillPath {
  return path.slice(0, panel.drill?.length ?? 0);
}

import type { SceneItem, SceneMark } from 'vega-scenegraph';

/** Marks drawn as one path through all their items, rather than one shape per item. */
const PATH_MARKS = new Set(['line', 'area', 'trail']);

/** Sorts items without a row index after those with one, in drawing order. */
const UNORDERED = 1e12;

/** Every non-group mark in the scenegraph, in drawing order (nested groups included). */
function* leafMarks(mark: SceneMark): Generator<SceneMark> {
  if (mark.marktype !== 'group') {
    yield mark;
    return;
  }
  for (const group of mark.items) for (const child of group.items ?? []) yield* leafMarks(child);
}

/** A mark of the spec's own drawn from data, as opposed to axes, legends and titles. */
export function isDataMark(mark: SceneMark): boolean {
  return mark.role === 'mark' && mark.marktype !== 'group';
}

/** A clickable, describable data item: an item of a data mark with a datum. */
export function isDataItem(item: SceneItem | null | undefined): item is SceneItem & { datum: Record<string, unknown> } {
  return !!item && isDataMark(item.mark) && typeof item.datum === 'object' && item.datum !== null;
}

/**
 * How many shapes the data marks draw: one per item, but one per line, area or trail (each is a
 * single path). This is what an SVG renderer turns into DOM elements.
 */
export function dataShapeCount(root: SceneMark): number {
  let count = 0;
  for (const mark of leafMarks(root)) if (isDataMark(mark)) count += PATH_MARKS.has(mark.marktype) ? Math.min(1, mark.items.length) : mark.items.length;
  return count;
}

/**
 * The items keyboard navigation walks: those of the first data mark drawn as separate shapes (bars,
 * points, arcs), else of the first line or area; across every group it is faceted into. Ordered
 * by `order` (the datum's row index) where it has one, drawing order otherwise.
 */
export function primaryItems(root: SceneMark, order: (datum: Record<string, unknown>) => number | undefined): SceneItem[] {
  const marks = [...leafMarks(root)].filter(isDataMark);
  const primary = marks.find((m) => !PATH_MARKS.has(m.marktype) && m.items.length > 0) ?? marks.find((m) => m.items.length > 0);
  if (!primary) return [];
  const items = marks.filter((m) => m.name === primary.name && m.marktype === primary.marktype).flatMap((m) => m.items.filter(isDataItem));
  const position = new Map(items.map((item, i) => [item, order(item.datum!) ?? UNORDERED + i]));
  return items.sort((a, b) => position.get(a)! - position.get(b)!);
}

/** An item's box in the coordinates of the view's drawing surface (the canvas or SVG element). */
export interface ItemBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where `item` is drawn on the view's canvas or SVG: its bounds, moved out through every enclosing
 * group and by the view's origin and padding. Path-mark items have no bounds of their own: a box
 * around their point.
 */
export function itemBox(item: SceneItem, origin: readonly [number, number], padding: { left: number; top: number }): ItemBox {
  let dx = origin[0] + padding.left;
  let dy = origin[1] + padding.top;
  for (let group = item.mark.group; group; group = group.mark.group) {
    dx += group.x ?? 0;
    dy += group.y ?? 0;
  }
  const bounds = PATH_MARKS.has(item.mark.marktype) ? undefined : item.bounds;
  if (!bounds || !Number.isFinite(bounds.x1)) {
    const radius = 4;
    return { x: dx + (item.x ?? 0) - radius, y: dy + (item.y ?? 0) - radius, width: 2 * radius, height: 2 * radius };
  }
  return { x: dx + bounds.x1, y: dy + bounds.y1, width: bounds.x2 - bounds.x1, height: bounds.y2 - bounds.y1 };
}

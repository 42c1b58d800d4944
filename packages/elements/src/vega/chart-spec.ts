/** The colour Vega-Lite gives marks without a colour encoding; compiled specs carry it as a literal. */
export const VEGA_LITE_DEFAULT_COLOR = '#4c78a8';

export interface ChartSpecOptions {
  /** Replaces Vega-Lite's default single-mark colour. */
  primaryColor: string;
  /** Data marks get a pointer cursor (they can be clicked). */
  selectable: boolean;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function replaceDefaultColour(value: unknown, colour: string): unknown {
  if (typeof value === 'string') return value.toLowerCase() === VEGA_LITE_DEFAULT_COLOR ? colour : value;
  if (Array.isArray(value)) return value.map((item) => replaceDefaultColour(item, colour));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDefaultColour(v, colour)]));
  return value;
}

/** Every mark definition, nested groups included. */
function* markDefinitions(marks: unknown): Generator<Json> {
  if (!Array.isArray(marks)) return;
  for (const mark of marks) {
    if (!isObject(mark)) continue;
    yield mark;
    yield* markDefinitions(mark['marks']);
  }
}

/** A mark drawn from data rows (not a group, not a guide). */
function isDataMark(mark: Json): boolean {
  return mark['type'] !== 'group' && isObject(mark['from']) && typeof mark['from']['data'] === 'string';
}

function addPointerCursor(mark: Json): void {
  const encode = (isObject(mark['encode']) ? mark['encode'] : (mark['encode'] = {})) as Json;
  const hasCursor = Object.values(encode).some((set) => isObject(set) && 'cursor' in set);
  if (hasCursor) return;
  const update = (isObject(encode['update']) ? encode['update'] : (encode['update'] = {})) as Json;
  update['cursor'] = { value: 'pointer' };
}

/**
 * A step-sized width (Vega-Lite's default for a discrete x: `width` = band count × `x_step`) made
 * to fill the width it is given instead: the width signal loses its formula and the horizontal
 * band scales range over `[0, width]`.
 */
function fitStepWidth(spec: Json): void {
  const signals = Array.isArray(spec['signals']) ? (spec['signals'] as Json[]) : [];
  const width = signals.find((s) => isObject(s) && s['name'] === 'width' && 'update' in s);
  if (!width) return;
  delete width['update'];
  width['value'] = 0;
  const axes = Array.isArray(spec['axes']) ? (spec['axes'] as Json[]) : [];
  const horizontal = new Set(['x', ...axes.filter((a) => a['orient'] === 'bottom' || a['orient'] === 'top').map((a) => a['scale'])]);
  for (const scale of Array.isArray(spec['scales']) ? (spec['scales'] as Json[]) : [])
    if (horizontal.has(scale['name']) && isObject(scale['range']) && 'step' in scale['range']) scale['range'] = [0, { signal: 'width' }];
}

/**
 * The compiled Vega spec as the browser draws it (a copy; `spec` is not modified):
 *
 * - fitted to the width the caller gives (`autosize: fit-x`, padding included), height natural:
 *   a band scale's step times its bands, or the spec's own height. Composite views (a top-level
 *   `layout`: facets, concatenations) keep their natural size: Vega cannot fit those.
 * - no background of its own (Vega-Lite writes `white`): the host's surface shows through.
 * - Vega-Lite's default mark colour replaced by the theme's primary colour.
 * - a pointer cursor over data marks when they can be selected.
 */
export function chartSpec(spec: Readonly<Json>, options: ChartSpecOptions): Json {
  const copy = structuredClone(spec) as Json;
  delete copy['background'];
  if (!('layout' in copy)) {
    copy['autosize'] = { type: 'fit-x', contains: 'padding' };
    fitStepWidth(copy);
  }
  copy['marks'] = replaceDefaultColour(copy['marks'], options.primaryColor);
  if (isObject(copy['config'])) copy['config'] = replaceDefaultColour(copy['config'], options.primaryColor);
  if (options.selectable) for (const mark of markDefinitions(copy['marks'])) if (isDataMark(mark)) addPointerCursor(mark);
  return copy;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { panelLevels, type Catalog } from './catalog.js';

let validator: ValidateFunction | undefined;

/** Vega-Lite's own JSON schema, compiled once per process (it takes a second or two). */
function vegaLiteValidator(): ValidateFunction {
  if (!validator) {
    const schemaFile = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });
    validator = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  }
  return validator;
}

/**
 * Checks every chart's spec against Vega-Lite's JSON schema. Compiling alone is not enough: the
 * compiler quietly drops much that is wrong (a misspelt type, an unknown channel) and the chart
 * would simply lack it. Reports the first error of each spec with its JSON path.
 */
export function checkChartSpecs(catalog: Catalog): string[] {
  const validate = vegaLiteValidator();
  const problems: string[] = [];
  for (const dashboard of catalog.dashboards.values())
    for (const panel of dashboard.panels)
      panelLevels(panel).forEach((view, level) => {
        if (view.type !== 'chart' || !view.spec) return;
        const where = `dashboard "${dashboard.id}": panel "${panel.id}"${level > 0 ? ` drill level ${level}` : ''}: `;
        for (const path of localTimeUnits(view.spec, 'spec'))
          problems.push(
            `${where}${path} must be a UTC time unit (e.g. "utcyearmonth"): dates arrive as YYYY-MM-DD, ` +
              'which browsers read as UTC, so a local time unit shows the previous day or month west of UTC',
          );
        if (validate(view.spec)) return;
        const error = validate.errors?.[0];
        const allowed = (error?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
        problems.push(
          `${where}spec${error?.instancePath ?? ''} ${error?.message ?? 'is not valid Vega-Lite'}` +
            (allowed ? ` (${allowed.join(', ')})` : ''),
        );
      });
  return problems;
}

/** JSON paths of every `timeUnit` in a spec that is not a UTC unit (string or `{ unit }` form). */
function localTimeUnits(node: unknown, path: string): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => localTimeUnits(item, `${path}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${path}/${key}`;
    if (key !== 'timeUnit') return localTimeUnits(value, here);
    const unit = typeof value === 'object' && value !== null ? (value as { unit?: unknown }).unit : value;
    return typeof unit === 'string' && !unit.startsWith('utc') ? [here] : [];
  });
}

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
        if (view.type !== 'chart' || !view.spec || validate(view.spec)) return;
        const error = validate.errors?.[0];
        const allowed = (error?.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
        problems.push(
          `dashboard "${dashboard.id}": panel "${panel.id}"${level > 0 ? ` drill level ${level}` : ''}: ` +
            `spec${error?.instancePath ?? ''} ${error?.message ?? 'is not valid Vega-Lite'}` +
            (allowed ? ` (${allowed.join(', ')})` : ''),
        );
      });
  return problems;
}

/**
 * The benchmark's cases: every panel of every dashboard a tenant enables, at level 0 and at each
 * drill level (drilled with the first row's value of the level above), for one role. Each case is
 * run once through the API (untimed) to capture the final SQL and bound parameters the engine got.
 */
import type { Hono } from 'hono';
import type { CellValue, DashboardDefinition, QueryResult } from '@kineo/core';
import { panelLevels, type Catalog } from '../server/src/catalog/catalog.js';
import type { SqlParams } from '../server/src/engines/engine.js';
import type { RecordingEngine } from '../server/src/testing/recording-engine.js';
import type { ReusedToken } from './bench-app.js';

export interface PanelCase {
  tenant: string;
  namespace: string;
  role: string;
  dashboard: string;
  panel: string;
  level: number;
  query: string;
  /** The `/v1/query` body, serialised once. */
  body: string;
  token: ReusedToken;
  sql: string;
  params: SqlParams;
  rowCount: number;
  responseBytes: number;
}

export interface SkippedCase {
  tenant: string;
  role: string;
  dashboard: string;
  panel: string;
  level: number;
  reason: string;
  /** A 5xx or a thrown error: something failed to run (as opposed to a 4xx the API chose). */
  failure: boolean;
}

export function queryInit(body: string, token: string): RequestInit {
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  };
}

export async function captureCases(options: {
  app: Hono;
  engine: RecordingEngine;
  catalog: Catalog;
  tenant: string;
  namespace: string;
  dashboards: readonly string[];
  role: string;
  token: ReusedToken;
}): Promise<{ cases: PanelCase[]; skipped: SkippedCase[] }> {
  const cases: PanelCase[] = [];
  const skipped: SkippedCase[] = [];
  for (const dashboardId of options.dashboards) {
    const dashboard: DashboardDefinition | undefined = options.catalog.dashboards.get(dashboardId);
    if (!dashboard) continue;
    for (const panel of dashboard.panels) {
      const levels = panelLevels(panel);
      const drill: (string | number)[] = [];
      for (let level = 0; level < levels.length; level++) {
        const where = { tenant: options.tenant, role: options.role, dashboard: dashboardId, panel: panel.id, level };
        const body = JSON.stringify({ dashboard: dashboardId, panel: panel.id, drill });
        options.engine.reset();
        let response: Response;
        let text: string;
        try {
          response = await options.app.request('/v1/query', queryInit(body, await options.token.get()));
          text = await response.text();
        } catch (error) {
          skipped.push({ ...where, reason: `request threw: ${String(error)}`, failure: true });
          break;
        }
        if (response.status !== 200) {
          let code = '';
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? '';
          } catch {
            // not JSON: the status is enough
          }
          skipped.push({ ...where, reason: `API ${response.status} ${code}`.trim(), failure: response.status >= 500 });
          break;
        }
        const result = JSON.parse(text) as QueryResult;
        const runs = options.engine.runs;
        if (runs.length !== 1) {
          skipped.push({ ...where, reason: `expected 1 engine run, saw ${runs.length}`, failure: true });
          break;
        }
        const run = runs[0]!;
        cases.push({
          ...where,
          namespace: options.namespace,
          query: levels[level]!.query,
          body,
          token: options.token,
          sql: run.sql,
          params: run.params,
          rowCount: result.rowCount,
          responseBytes: Buffer.byteLength(text),
        });

        const next = panel.drill?.[level];
        if (!next) break;
        const column = result.columns.findIndex((c) => c.name === next.from);
        const value: CellValue | undefined = column >= 0 ? result.data[column]?.[0] : undefined;
        if (value === undefined || value === null || typeof value === 'boolean') {
          skipped.push({
            ...where,
            level: level + 1,
            reason: `no value of "${next.from}" in the first row of level ${level} to drill with`,
            failure: false,
          });
          break;
        }
        drill.push(value);
      }
    }
  }
  return { cases, skipped };
}

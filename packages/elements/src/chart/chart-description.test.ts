// Node tests of the chart summaries and the "view as table" columns, on every chart the fixtures
// hold: `node --import tsx --test packages/elements/src/chart/chart-description.test.ts`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resultRows, type DashboardDefinition, type QueryResult } from '@kineo/core';
import { chartTableColumns, summariseChart } from './chart-description.js';

interface Fixture {
  definition: DashboardDefinition;
  data: { response: { panels: Record<string, QueryResult> } };
  drill: Record<string, { query: { response: QueryResult } }[]>;
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8')) as Fixture;
}

/** Every chart level of the fixtures with its result: `dashboard/panel[/level-n]`. */
function charts(): Map<string, { spec: Record<string, unknown> | undefined; result: QueryResult }> {
  const found = new Map<string, { spec: Record<string, unknown> | undefined; result: QueryResult }>();
  for (const name of ['compliance', 'learning-progress', 'team-performance']) {
    const f = fixture(name);
    for (const panel of f.definition.panels) {
      if (panel.type === 'chart') found.set(`${name}/${panel.id}`, { spec: panel.spec, result: f.data.response.panels[panel.id]! });
      panel.drill?.forEach((level, i) => {
        const result = f.drill[panel.id]?.[i]?.query.response;
        if (level.type === 'chart' && result) found.set(`${name}/${panel.id}/level-${i + 1}`, { spec: level.spec, result });
      });
    }
  }
  return found;
}

describe('summariseChart', () => {
  it('says what each shipped chart shows', () => {
    const summaries = Object.fromEntries([...charts()].map(([name, { spec, result }]) => [name, summariseChart(spec, resultRows(result))]));
    const learning = fixture('learning-progress').data.response.panels;
    const team = fixture('team-performance').data.response.panels;
    const months = (result: QueryResult) => new Set(resultRows(result).map((row) => row['month'])).size;
    assert.equal(summaries['learning-progress/completion-by-category'], 'Bar chart with 5 categories.');
    assert.equal(summaries['learning-progress/completion-by-category/level-1'], 'Bar chart with 12 categories.');
    assert.equal(summaries['learning-progress/status-breakdown'], 'Donut chart with 4 categories.');
    const compliance = resultRows(fixture('compliance').data.response.panels['mandatory-completion']!);
    const distinct = (field: string) => new Set(compliance.map((row) => row[field])).size;
    assert.equal(summaries['compliance/mandatory-completion'], `Bar chart with ${distinct('course_name')} categories in ${distinct('category')} colour groups.`);
    assert.equal(summaries['learning-progress/monthly-trend'], `Line chart with 2 series over ${months(learning['monthly-trend']!)} months.`);
    assert.equal(summaries['team-performance/manager-comparison'], `Scatter plot with ${team['manager-comparison']!.rowCount} points.`);
    assert.equal(summaries['team-performance/learning-time'], `Bar chart with 5 series over ${months(team['learning-time']!)} months.`);
    for (const [name, summary] of Object.entries(summaries)) assert.match(summary, /^(Bar|Line|Donut) chart|^Scatter plot/, name);
  });

  it('counts one category in the singular and survives a spec it does not know', () => {
    const spec = { mark: 'bar', encoding: { y: { field: 'category', type: 'nominal' }, x: { field: 'n', type: 'quantitative' } } };
    assert.equal(summariseChart(spec, [{ category: 'Compliance', n: 1 }]), 'Bar chart with 1 category.');
    assert.equal(summariseChart(undefined, [{ a: 1 }, { a: 2 }]), 'Chart with 2 points.');
  });
});

describe('chartTableColumns', () => {
  it('takes the tooltip\'s fields, titles and percent formats, in the tooltip\'s order', () => {
    const { spec, result } = charts().get('learning-progress/completion-by-category')!;
    assert.deepEqual(chartTableColumns(spec, result), [
      { field: 'category', label: 'Category', format: 'text' },
      { field: 'completion_rate', label: 'Completion rate', format: 'percent' },
      { field: 'completions', label: 'Completions', format: 'integer' },
      { field: 'enrolments', label: 'Enrolments', format: 'integer' },
    ]);
  });

  it('formats temporal fields as dates', () => {
    const { spec, result } = charts().get('learning-progress/monthly-trend')!;
    assert.deepEqual(chartTableColumns(spec, result)[0], { field: 'month', label: 'Month', format: 'date' });
  });

  it('falls back to every result column, humanised, when the spec encodes none of them', () => {
    const columns = chartTableColumns({ mark: 'bar' }, { columns: [{ name: 'course_name', type: 'string' }, { name: 'hours', type: 'number' }] });
    assert.deepEqual(columns, [
      { field: 'course_name', label: 'Course name', format: 'text' },
      { field: 'hours', label: 'Hours', format: 'number' },
    ]);
  });
});

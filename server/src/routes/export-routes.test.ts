import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { decodeJwt } from 'jose';
import {
  DashboardDataResponse,
  ErrorBody,
  QueryResult,
  type CellValue,
  type CrossFilterSelection,
  type DrillPath,
  type ExportRequest,
  type FilterValues,
} from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { everyDashboardOpenToEveryRole } from '../testing/open-catalog.js';
import { xmlProblems } from '../testing/xml-well-formed.js';
import type { Catalog } from '../catalog/catalog.js';

/** A fixed "now", so the file name's date is known. */
const clock = { now: () => new Date('2026-11-21T23:30:00Z') };

let t: TestApp;
before(async () => {
  // Learners' exports of every panel are compared with their data-endpoint rows: the row scope must
  // hold there even though the shipped catalog keeps learners out of two dashboards.
  t = await createTestApp({ clock, adjustCatalog: everyDashboardOpenToEveryRole });
});
after(() => t.close());

const exportPath = (dashboard: string, panel: string) => `/v1/dashboards/${dashboard}/panels/${panel}/export`;

async function exportFile(app: TestApp, token: string, dashboard: string, panel: string, body: ExportRequest | Record<string, unknown>) {
  app.engine.reset();
  const response = await app.request(exportPath(dashboard, panel), token, body);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), runs: app.engine.runs.length };
}

function assertError(result: { status: number; text: string; runs: number }, status: number, code: string, path?: string) {
  assert.equal(result.status, status, result.text);
  const { error } = ErrorBody.parse(JSON.parse(result.text));
  assert.equal(error.code, code);
  if (path) assert.ok(error.details?.issues?.some((issue) => issue.path === path), `no issue at ${path}: ${result.text}`);
  return error;
}

/** RFC 4180 parsing of the whole file (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  assert.ok(text.startsWith('\uFEFF'), 'starts with a BOM');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.slice(1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && body[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else {
      assert.notEqual(ch, '\n', 'a bare LF outside quotes: lines must end with CRLF');
      field += ch;
    }
  }
  assert.equal(field + row.join(''), '', 'the file ends with CRLF');
  return rows;
}

/** How the CSV writes one value of the API (see export/csv.ts): the expectation, stated independently. */
function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return String(value);
}

/** Every row a panel's data endpoint returns for these inputs: all pages of a table, in its default sort. */
async function dataEndpointRows(token: string, dashboard: string, panel: string, filters: FilterValues, drill: DrillPath, crossFilter?: CrossFilterSelection) {
  const header: string[] = [];
  const rows: string[][] = [];
  for (let offset = 0; ; offset += 200) {
    const first = offset === 0;
    let result: QueryResult;
    if (crossFilter) {
      // The dashboard endpoint is where cross-filters apply; it pages tables the same way.
      const response = await t.request(`/v1/dashboards/${dashboard}/data`, token, {
        filters,
        drill: { [panel]: drill },
        crossFilter,
        panels: [panel],
        ...(await pagesOf(token, dashboard, panel, drill, offset)),
      });
      const data = DashboardDataResponse.parse(await response.json());
      assert.deepEqual(data.errors, {});
      result = data.panels[panel]!;
    } else {
      const response = await t.request('/v1/query', token, { dashboard, panel, filters, drill, ...(await pagesOf(token, dashboard, panel, drill, offset, true)) });
      const body = await response.json();
      assert.equal(response.status, 200, JSON.stringify(body));
      result = QueryResult.parse(body);
    }
    if (first) header.push(...result.columns.map((c) => c.name));
    for (let r = 0; r < result.rowCount; r++) rows.push(result.data.map((column) => csvCell(column[r] ?? null)));
    if (!result.page || !result.truncated) break;
  }
  return { header, rows };
}

/** A `page`/`pages` request for a panel level with paging (read from the catalog), else nothing. */
async function pagesOf(token: string, dashboard: string, panel: string, drill: DrillPath, offset: number, single = false) {
  const definition = t.config.catalog.dashboards.get(dashboard)!.panels.find((p) => p.id === panel)!;
  const view = [definition, ...(definition.drill ?? [])][drill.length]!;
  if (!t.config.catalog.queries.get(view.query)!.paging) return {};
  const page = { offset, limit: 200 };
  return single ? { page } : { pages: { [panel]: page } };
}

describe('POST /v1/dashboards/:id/panels/:panel/export', () => {
  const personas = async () => [
    { name: 'admin', token: await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] }) },
    { name: 'manager', token: await t.token({ tenant: 'acme', role: 'manager', sub: 'acme-u000002', orgs: ['acme-o0002'], permissions: ['export'] }) },
    { name: 'analyst (orgs)', token: await t.token({ tenant: 'techcorp', role: 'analyst', orgs: ['techcorp-o0003'], permissions: ['export'] }) },
    { name: 'learner', token: await t.token({ tenant: 'acme', role: 'learner', sub: 'acme-u000054', permissions: ['export'] }) },
  ];

  const cases: { dashboard: string; panel: string; filters?: FilterValues; drill?: DrillPath; crossFilter?: CrossFilterSelection }[] = [
    { dashboard: 'learning-progress', panel: 'completion-by-category' },
    { dashboard: 'learning-progress', panel: 'completion-by-category', drill: ['Compliance'], filters: { period: { from: '2026-01-01' } } },
    { dashboard: 'learning-progress', panel: 'completion-by-category', drill: ['Compliance', 'acme-c001'] },
    { dashboard: 'learning-progress', panel: 'status-breakdown', filters: { category: ['Compliance', 'Leadership'] } },
    { dashboard: 'learning-progress', panel: 'enrolments' },
    { dashboard: 'learning-progress', panel: 'monthly-trend', crossFilter: { panel: 'status-breakdown', filter: 'status', values: ['overdue'] } },
    { dashboard: 'learning-progress', panel: 'status-breakdown', crossFilter: { panel: 'status-breakdown', filter: 'status', values: ['overdue'] } },
    { dashboard: 'team-performance', panel: 'learners' },
    { dashboard: 'team-performance', panel: 'learners', crossFilter: { panel: 'learning-time', filter: 'category', values: ['Compliance'] } },
    { dashboard: 'compliance', panel: 'certifications-expiring' },
    { dashboard: 'compliance', panel: 'mandatory-completion' },
  ];

  test('CSV rows equal the panel’s data-endpoint rows for the same filters, drill, cross-filter and role', async () => {
    const compared: number[] = [];
    for (const persona of await personas()) {
      for (const c of cases) {
        const drill = c.drill ?? [];
        if (c.drill?.[1] === 'acme-c001' && persona.name === 'analyst (orgs)') continue; // acme's course id
        const label = `${persona.name}: ${c.dashboard}/${c.panel} ${JSON.stringify({ drill, filters: c.filters, crossFilter: c.crossFilter })}`;
        const file = await exportFile(t, persona.token, c.dashboard, c.panel, { format: 'csv', filters: c.filters ?? {}, drill, ...(c.crossFilter ? { crossFilter: c.crossFilter } : {}) });
        assert.equal(file.status, 200, `${label}: ${file.text}`);
        assert.equal(file.runs, 1, `${label}: one statement`);
        const [header, ...rows] = parseCsv(file.text);
        const expected = await dataEndpointRows(persona.token, c.dashboard, c.panel, c.filters ?? {}, drill, c.crossFilter);
        assert.deepEqual(header, expected.header, label);
        assert.deepEqual(rows, expected.rows, label);
        compared.push(rows.length);
      }
    }
    assert.ok(compared.every((n) => n > 0), `every case exports rows: ${compared}`);
    assert.ok(compared.filter((n) => n > 200).length >= 4, 'several exports span more than one page of their table');
  });

  test('a locked filter in the token applies to the export', async () => {
    const locked = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'], filters: { category: ['Leadership'] } });
    const file = await exportFile(t, locked, 'learning-progress', 'completion-by-category', { format: 'csv', filters: { category: ['Compliance'] } });
    const [header, ...rows] = parseCsv(file.text);
    assert.equal(header![0], 'category');
    assert.deepEqual(rows.map((row) => row[0]), ['Leadership']);
  });

  test('the response is a named attachment that is never cached', async () => {
    const admin = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
    const csv = await exportFile(t, admin, 'learning-progress', 'status-breakdown', { format: 'csv' });
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="learning-progress-status-breakdown-2026-11-21.csv"');
    assert.equal(csv.headers.get('cache-control'), 'no-store');
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const xlsx = await exportFile(t, admin, 'compliance', 'certifications-expiring', { format: 'xlsx' });
    assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(xlsx.headers.get('content-disposition'), 'attachment; filename="compliance-certifications-expiring-2026-11-21.xlsx"');
    assert.equal(xlsx.headers.get('cache-control'), 'no-store');
  });

  test('XLSX holds the same rows as a workbook: header, numbers, dates, sheet named after the level', async () => {
    const admin = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
    const request = { filters: {}, drill: ['Compliance', 'acme-c001'] };
    const xlsx = await exportFile(t, admin, 'learning-progress', 'completion-by-category', { format: 'xlsx', ...request });
    assert.equal(xlsx.status, 200, xlsx.text);
    const files = Object.fromEntries(Object.entries(unzipSync(xlsx.bytes)).map(([name, bytes]) => [name, strFromU8(bytes)]));
    for (const [name, xml] of Object.entries(files)) assert.deepEqual(xmlProblems(xml), [], name);
    assert.match(files['xl/workbook.xml']!, /<sheet name="Learners on the course" /);
    const sheet = files['xl/worksheets/sheet1.xml']!;
    const csv = parseCsv((await exportFile(t, admin, 'learning-progress', 'completion-by-category', { format: 'csv', ...request })).text);
    assert.equal(sheet.match(/<row /g)!.length, csv.length, 'one sheet row per CSV line');
    const headerNames = [.../<row r="1">(.*?)<\/row>/.exec(sheet)![1]!.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((m) => m[1]);
    assert.deepEqual(headerNames, csv[0]);
    const progress = csv[0]!.indexOf('progress_percent');
    const enrolled = csv[0]!.indexOf('enrolled_date');
    const letter = (i: number) => String.fromCharCode(65 + i);
    assert.equal(new RegExp(`<c r="${letter(progress)}2"><v>${csv[1]![progress]}</v></c>`).test(sheet), true, 'numbers are numeric cells');
    const serial = (Date.parse(`${csv[1]![enrolled]}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
    assert.match(sheet, new RegExp(`<c r="${letter(enrolled)}2" s="2"><v>${serial}</v></c>`), 'dates are date cells');
  });

  test('each export is audited without the token', async () => {
    const token = await t.token({ tenant: 'acme', role: 'manager', sub: 'acme-u000002', orgs: ['acme-o0002'], permissions: ['export'] });
    const file = await exportFile(t, token, 'compliance', 'overdue-by-organisation', { format: 'xlsx', drill: ['acme-o0004'] });
    assert.equal(file.status, 200, file.text);
    const record = t.config.audit.read('acme').findLast((event) => event.outcome === 'export');
    assert.ok(record);
    const rowCount = unzipSync(file.bytes)['xl/worksheets/sheet1.xml']!;
    assert.deepEqual(
      { ...record, time: undefined },
      {
        time: undefined,
        outcome: 'export',
        verified: true,
        tenant: 'acme',
        sub: 'acme-u000002',
        jti: decodeJwt(token).jti,
        dashboard: 'compliance',
        panel: 'overdue-by-organisation',
        level: 1,
        format: 'xlsx',
        rowCount: strFromU8(rowCount).match(/<row /g)!.length - 1,
      },
    );
    assert.equal(record.time, clock.now().toISOString());
    const log = readFileSync(t.config.audit.file, 'utf8');
    assert.ok(!log.includes(token.split('.')[2]!) && !log.includes(token.split('.')[1]!), 'no token in the audit log');
  });

  test('without the export permission: 403 and nothing runs', async () => {
    const noPermission = await t.token({ tenant: 'acme', role: 'admin' });
    const file = await exportFile(t, noPermission, 'learning-progress', 'status-breakdown', { format: 'csv' });
    const error = assertError(file, 403, 'forbidden');
    assert.equal(error.message, 'This embed token does not allow exports.');
    assert.equal(file.runs, 0);
    assert.equal(file.headers.get('content-disposition'), null);
  });

  test('bad requests: 400/403/404 in the one error shape, and nothing runs', async () => {
    const admin = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
    const narrowed = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'], dashboards: ['compliance'] });
    const cases: [string, string, string, unknown, number, string, string?][] = [
      [admin, 'learning-progress', 'status-breakdown', { format: 'pdf' }, 400, 'bad_request', 'format'],
      [admin, 'learning-progress', 'status-breakdown', {}, 400, 'bad_request', 'format'],
      [admin, 'learning-progress', 'status-breakdown', { format: 'csv', filters: { nope: ['x'] } }, 400, 'bad_request', 'filters.nope'],
      [admin, 'learning-progress', 'status-breakdown', { format: 'csv', filters: { status: ['lost'] } }, 400, 'bad_request', 'filters.status.0'],
      [admin, 'learning-progress', 'status-breakdown', { format: 'csv', drill: ['x'] }, 400, 'bad_request', 'drill'],
      [admin, 'learning-progress', 'status-breakdown', { format: 'csv', page: { limit: 5 } }, 400, 'bad_request', '(body)'],
      [admin, 'learning-progress', 'enrolments', { format: 'csv', crossFilter: { panel: 'enrolments', filter: 'status', values: ['overdue'] } }, 400, 'bad_request', 'crossFilter.panel'],
      [admin, 'learning-progress', 'enrolments', { format: 'csv', crossFilter: { panel: 'status-breakdown', filter: 'status', values: ['lost'] } }, 400, 'bad_request', 'crossFilter.values.0'],
      [admin, 'learning-progress', 'nope', { format: 'csv' }, 404, 'not_found'],
      [admin, 'nope', 'status-breakdown', { format: 'csv' }, 404, 'not_found'],
      [narrowed, 'learning-progress', 'status-breakdown', { format: 'csv' }, 403, 'forbidden'],
    ];
    for (const [token, dashboard, panel, body, status, code, path] of cases) {
      const file = await exportFile(t, token, dashboard, panel, body as ExportRequest);
      assertError(file, status, code, path);
      assert.equal(file.runs, 0, `${dashboard}/${panel} ${JSON.stringify(body)} ran a query`);
    }
    assertError(await exportFile(t, '', 'learning-progress', 'status-breakdown', { format: 'csv' }), 401, 'unauthenticated');
  });
});

describe('export row cap and formula injection', () => {
  let small: TestApp;
  /** Status labels a spreadsheet would run as formulas, to see the CSV neutralise them. */
  function withFormulaLabels(catalog: Catalog): Catalog {
    const queries = new Map(catalog.queries);
    const query = queries.get('status_breakdown')!;
    const sql = query.sql
      .replace("THEN 'Completed'", `THEN '=HYPERLINK("http://evil.example","Completed")'`)
      .replace("THEN 'In progress'", "THEN '+In progress'")
      .replace("THEN 'Not started'", "THEN '-Not started'")
      .replace("ELSE 'Overdue'", "ELSE '@Overdue'");
    assert.notEqual(sql, query.sql);
    queries.set('status_breakdown', { ...query, sql });
    return { ...catalog, queries };
  }

  before(async () => {
    small = await createTestApp({ maxExportRows: 5, adjustCatalog: (catalog) => withFormulaLabels(everyDashboardOpenToEveryRole(catalog)) });
  });
  after(() => small.close());

  test('string cells that start like a formula are neutralised; numbers are not touched', async () => {
    const admin = await small.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
    const rows = parseCsv((await exportFile(small, admin, 'learning-progress', 'status-breakdown', { format: 'csv' })).text);
    assert.deepEqual(rows[0], ['status', 'status_label', 'enrolments']);
    assert.deepEqual(rows.slice(1).map((row) => row[1]), [
      `'=HYPERLINK("http://evil.example","Completed")`,
      "'+In progress",
      "'-Not started",
      "'@Overdue",
    ]);
    assert.ok(rows.slice(1).every((row) => /^\d+$/.test(row[2]!)), 'counts stay plain numbers');
    const xlsx = await exportFile(small, admin, 'learning-progress', 'status-breakdown', { format: 'xlsx' });
    const sheet = strFromU8(unzipSync(xlsx.bytes)['xl/worksheets/sheet1.xml']!);
    assert.ok(!sheet.includes('<f>'), 'no formula cells in the workbook');
    assert.match(sheet, /t="inlineStr"><is><t xml:space="preserve">=HYPERLINK\(&quot;http:\/\/evil.example&quot;,&quot;Completed&quot;\)<\/t>/);
  });

  test('more rows than the cap → 413 row_cap_exceeded, never a cut file', async () => {
    const admin = await small.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
    const learner = await small.token({ tenant: 'acme', role: 'learner', sub: 'acme-u000054', permissions: ['export'] });
    const atCap = await exportFile(small, admin, 'learning-progress', 'status-breakdown', { format: 'csv' });
    assert.equal(atCap.status, 200, 'four statuses fit a cap of five');
    for (const [token, dashboard, panel] of [
      [admin, 'team-performance', 'learning-time'],
      [admin, 'team-performance', 'learners'],
    ] as const) {
      for (const format of ['csv', 'xlsx'] as const) {
        const file = await exportFile(small, token, dashboard, panel, { format });
        const error = assertError(file, 413, 'row_cap_exceeded');
        assert.equal(error.details?.maxRows, 5);
        assert.equal(file.headers.get('content-disposition'), null);
      }
    }
    const own = await exportFile(small, learner, 'team-performance', 'learners', { format: 'csv' });
    assert.equal(own.status, 200, own.text);
    assert.equal(parseCsv(own.text).length, 2, 'a learner’s own row');
  });
});

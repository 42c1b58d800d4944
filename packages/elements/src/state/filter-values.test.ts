// Node tests of filter checking and merging: `node --import tsx --test packages/elements/src/state/filter-values.test.ts`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FilterDefinition } from '@kineo/core';
import { canonicalJson, checkFilterValues, isEmptyFilterValue, mergeFilterValues, sameFilterValues } from './filter-values.js';

const filters: FilterDefinition[] = [
  { id: 'period', label: 'Period', kind: 'dateRange', options: { query: 'period_bounds' } },
  { id: 'org', label: 'Organisation', kind: 'multiSelect', options: { query: 'org_options' } },
  { id: 'status', label: 'Status', kind: 'select', options: { query: 'status_options' } },
];

describe('checkFilterValues', () => {
  it('accepts values of the right kind, and null to clear', () => {
    const values = { period: { from: '2025-01-01' }, org: ['a', 'b'], status: 'overdue', category: null };
    assert.deepEqual(checkFilterValues({ period: { from: '2025-01-01' }, org: ['a'], status: 'x', org2: null }, filters), {
      ok: false,
      issues: [{ path: 'filters.org2', message: 'the dashboard has no filter "org2"' }],
    });
    assert.deepEqual(checkFilterValues(values), { ok: true, values }, 'without a definition only the shape is checked');
    assert.equal(checkFilterValues({ period: null, org: ['a'] }, filters).ok, true);
  });

  it('refuses the whole set for any problem, naming each', () => {
    const check = checkFilterValues({ period: ['2025'], org: 'a', status: ['x'], nope: ['1'] }, filters);
    assert.equal(check.ok, false);
    if (check.ok) return;
    assert.deepEqual(
      check.issues.map((issue) => issue.path),
      ['filters.period', 'filters.org', 'filters.status', 'filters.nope'],
    );
    assert.ok(check.issues[0]!.message.startsWith('dateRange filter:'));
  });

  it('refuses what the FilterValues schema refuses: ids, empty strings, inverted ranges, non-objects', () => {
    for (const bad of [{ 'Bad Id': ['x'] }, { org: [''] }, { period: { from: '2025-02-01', to: '2025-01-01' } }, ['org'], 'org', null, { org: ['x'.repeat(201)] }])
      assert.equal(checkFilterValues(bad, filters).ok, false, JSON.stringify(bad).slice(0, 60));
  });
});

describe('mergeFilterValues', () => {
  it('named filters take their value, null and empty values clear, the rest stays', () => {
    const current = { period: { from: '2025-01-01' }, org: ['a'], status: 'x' };
    assert.deepEqual(mergeFilterValues(current, { org: ['b'], status: null, period: {} }), { org: ['b'] });
    assert.deepEqual(mergeFilterValues(current, { org: [] }), { period: { from: '2025-01-01' }, status: 'x' });
    assert.deepEqual(mergeFilterValues({}, { org: null }), {});
  });

  it('isEmptyFilterValue and sameFilterValues ignore key order and empties', () => {
    assert.deepEqual([null, undefined, [], {}, { from: undefined }].map(isEmptyFilterValue), [true, true, true, true, true]);
    assert.deepEqual([['a'], 'a', { to: '2025-01-01' }].map(isEmptyFilterValue), [false, false, false]);
    assert.ok(sameFilterValues({ org: ['a'], period: { to: '2025-01-01', from: '2024-01-01' } }, { period: { from: '2024-01-01', to: '2025-01-01' }, org: ['a'], x: [] }));
    assert.ok(!sameFilterValues({ org: ['a', 'b'] }, { org: ['b', 'a'] }), 'the order of a selection counts');
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: 0 } }), '{"a":{"c":0,"d":[2,1]},"b":1}');
  });
});

// Node tests of the URL form of a dashboard's state: `node --import tsx --test packages/elements/src/url-state/url-state.test.ts`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { DashboardViewState } from '../state/view-state.js';
import { encodeViewState, isDefaultViewState, readViewStateFromSearch, urlStateParameter, withSearchParameter, writeViewStateToSearch } from './url-state.js';

const state: DashboardViewState = {
  filters: { period: { to: '2025-12-31', from: '2025-01-01' }, org: ['acme-o1', 'acme-o2'] },
  drill: { 'completion-by-category': ['Health & Safety', 'acme-c005'] },
  crossFilter: { panel: 'status-breakdown', filter: 'status', values: ['overdue'] },
};

describe('encodeViewState', () => {
  it('compact JSON with a stable key order, empty parts left out', () => {
    assert.equal(
      encodeViewState(state),
      '{"filters":{"org":["acme-o1","acme-o2"],"period":{"from":"2025-01-01","to":"2025-12-31"}},"drill":{"completion-by-category":["Health & Safety","acme-c005"]},"crossFilter":{"panel":"status-breakdown","filter":"status","values":["overdue"]}}',
    );
    assert.equal(encodeViewState({ filters: { org: ['a'] }, drill: {} }), '{"filters":{"org":["a"]}}');
  });
});

describe('writeViewStateToSearch / readViewStateFromSearch', () => {
  it('one readable parameter per dashboard; the rest of the query stays byte for byte', () => {
    const search = '?page=2&q=caf%C3%A9+au+lait&kd.other=%7B%7D&flag';
    const written = writeViewStateToSearch(search, 'learning-progress', state);
    assert.ok(written.startsWith('?page=2&q=caf%C3%A9+au+lait&kd.other=%7B%7D&flag&kd.learning-progress='), written);
    assert.ok(written.includes('{%22filters%22:{%22org%22:[%22acme-o1%22'), `JSON punctuation stays readable: ${written}`);
    assert.ok(written.includes('Health%20%26%20Safety'), '& and spaces are escaped');
    assert.deepEqual(readViewStateFromSearch(written, 'learning-progress'), {
      kind: 'state',
      state: { ...state, filters: { org: ['acme-o1', 'acme-o2'], period: { from: '2025-01-01', to: '2025-12-31' } } },
    });
    // Written again in place; the default view removes it.
    const rewritten = writeViewStateToSearch(written, 'learning-progress', { filters: { org: ['x'] }, drill: {} });
    assert.equal(rewritten, '?page=2&q=caf%C3%A9+au+lait&kd.other=%7B%7D&flag&kd.learning-progress={%22filters%22:{%22org%22:[%22x%22]}}');
    assert.equal(writeViewStateToSearch(rewritten, 'learning-progress', { filters: {}, drill: {} }), '?page=2&q=caf%C3%A9+au+lait&kd.other=%7B%7D&flag');
    assert.equal(writeViewStateToSearch('', 'learning-progress', { filters: {}, drill: {} }), '');
    assert.equal(urlStateParameter('team-performance'), 'kd.team-performance');
  });

  it('absent, or invalid (not JSON, not a state, a hand-edited value) without throwing', () => {
    assert.deepEqual(readViewStateFromSearch('?x=1', 'learning-progress'), { kind: 'absent' });
    for (const value of ['{oops', '[1]', '{"filters":{"org":[""]}}', '{"token":"eyJhbGciOi"}', '{"drill":{"x":["a","b","c","d","e"]}}', '%E0%A4%A'])
      assert.equal(readViewStateFromSearch(`?kd.learning-progress=${value}`, 'learning-progress').kind, 'invalid', value);
  });

  it('withSearchParameter replaces the first, removes duplicates, keeps order', () => {
    assert.equal(withSearchParameter('?a=1&k=old&b=2&k=dup', 'k', 'new'), '?a=1&k=new&b=2');
    assert.equal(withSearchParameter('a=1', 'k', 'v w'), '?a=1&k=v%20w');
    assert.equal(withSearchParameter('?k=1', 'k', undefined), '');
    assert.equal(withSearchParameter('?k%2Ex=1&k.x=2', 'k.x', 'v'), '?k.x=v', 'an encoded key is the same key');
  });

  it('round trip: any valid state reads back as written, other parameters untouched', () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
    const text = fc.string({ minLength: 1, maxLength: 30 });
    const date = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const filterValue = fc.oneof(fc.array(text, { minLength: 1, maxLength: 4 }), text, fc.record({ from: date }), fc.record({ to: date }));
    const states = fc.record({
      filters: fc.dictionary(id, filterValue, { maxKeys: 4 }),
      drill: fc.dictionary(id, fc.array(fc.oneof(text.filter((s) => s.length <= 200), fc.integer()), { minLength: 1, maxLength: 4 }), { maxKeys: 3 }),
      crossFilter: fc.option(fc.record({ panel: id, filter: id, values: fc.array(text, { minLength: 1, maxLength: 3 }) }), { nil: undefined }),
    });
    const others = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ maxLength: 10 })), { maxLength: 4 });
    fc.assert(
      fc.property(states, others, (generated, params) => {
        const viewState: DashboardViewState = { filters: generated.filters, drill: generated.drill, ...(generated.crossFilter && { crossFilter: generated.crossFilter }) };
        const base = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const search = writeViewStateToSearch(base ? `?${base}` : '', 'dash', viewState);
        const read = readViewStateFromSearch(search, 'dash');
        if (isDefaultViewState(viewState)) return assert.equal(read.kind, 'absent');
        assert.equal(read.kind, 'state');
        if (read.kind !== 'state') return;
        assert.equal(encodeViewState(read.state), encodeViewState(viewState));
        const rest = writeViewStateToSearch(search, 'dash', { filters: {}, drill: {} });
        assert.equal(rest, base ? `?${base}` : '');
      }),
      { numRuns: 300 },
    );
  });
});

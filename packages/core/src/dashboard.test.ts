import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardDefinition, dashboardOpensTo, roles } from './index.js';

const kpiPanel = {
  id: 'completion',
  title: 'Completion',
  type: 'kpi',
  query: 'progress_kpis',
  kpi: { value: 'completion_rate', format: 'percent' },
  layout: { x: 0, y: 0, w: 3, h: 1 },
};
const dashboard = (extra: Record<string, unknown> = {}) => ({ id: 'compliance', title: 'Compliance', filters: [], panels: [kpiPanel], ...extra });

function issuePaths(value: unknown): string[] {
  const result = DashboardDefinition.safeParse(value);
  assert.equal(result.success, false, 'the dashboard should be refused');
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('DashboardDefinition roles', () => {
  it('is optional, and keeps the roles it is given', () => {
    assert.equal(DashboardDefinition.parse(dashboard()).roles, undefined);
    assert.deepEqual(DashboardDefinition.parse(dashboard({ roles: ['admin', 'manager', 'analyst'] })).roles, ['admin', 'manager', 'analyst']);
  });

  it('refuses an empty list, an unknown role and a role named twice, at the right path', () => {
    assert.deepEqual(issuePaths(dashboard({ roles: [] })), ['roles']);
    assert.deepEqual(issuePaths(dashboard({ roles: ['admin', 'owner'] })), ['roles.1']);
    const duplicate = DashboardDefinition.safeParse(dashboard({ roles: ['admin', 'analyst', 'admin'] }));
    assert.equal(duplicate.success, false);
    assert.deepEqual(duplicate.error?.issues.map((i) => [i.path.join('.'), i.message]), [['roles.2', 'duplicate role "admin"']]);
  });

  it('dashboardOpensTo: no roles opens to every role, a list only to the roles it names', () => {
    const open = DashboardDefinition.parse(dashboard());
    assert.deepEqual(roles.filter((role) => dashboardOpensTo(open, role)), [...roles]);
    const staff = DashboardDefinition.parse(dashboard({ roles: ['admin', 'manager', 'analyst'] }));
    assert.deepEqual(roles.filter((role) => dashboardOpensTo(staff, role)), ['admin', 'manager', 'analyst']);
  });
});

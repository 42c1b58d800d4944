/**
 * The demo personas of a tenant, picked from its data: who to sign in as in the demo portal and
 * what `kineo personas` lists. The same data always gives the same personas.
 */

export interface DemoPersona {
  sub: string;
  name: string;
  role: 'admin' | 'manager' | 'analyst' | 'learner';
  organisation: { id: string; name: string };
  /** The orgs whose data the persona may see, for roles scoped to part of the company. */
  orgs?: string[];
}

/** Runs one SELECT over the tenant's tables (named unqualified) and returns its rows. */
export type RunSql = (sql: string) => Promise<Record<string, unknown>[]>;

// Every query returns user_id, full_name, org_id, org_name. An org's manager is the one user of
// the org who reports to someone outside it (the root's reports to no one).

/** The root org's manager. */
const adminSql = `
SELECT u.user_id, u.full_name, o.org_id, o.org_name
FROM dim_users u
JOIN dim_organizations o ON o.org_id = u.org_id
WHERE o.level = 0 AND u.manager_id IS NULL
ORDER BY u.user_id
LIMIT 1`;

/** The managers of the first two level-1 orgs. */
const managersSql = `
SELECT u.user_id, u.full_name, o.org_id, o.org_name
FROM dim_users u
JOIN dim_organizations o ON o.org_id = u.org_id
JOIN dim_users boss ON boss.user_id = u.manager_id
WHERE o.level = 1 AND boss.org_id <> u.org_id
QUALIFY row_number() OVER (PARTITION BY o.org_id ORDER BY u.user_id) = 1
ORDER BY o.path, u.user_id
LIMIT 2`;

/** Someone working in a level-1 org without managing it, an analyst by title if there is one. */
const analystSql = `
SELECT u.user_id, u.full_name, o.org_id, o.org_name
FROM dim_users u
JOIN dim_organizations o ON o.org_id = u.org_id
JOIN dim_users boss ON boss.user_id = u.manager_id
WHERE o.level = 1 AND boss.org_id = u.org_id AND u.is_active
ORDER BY contains(lower(u.job_title), 'analyst') DESC, o.path, u.user_id
LIMIT 1`;

/**
 * Two active people in different leaf orgs who manage no one, with as many different course
 * statuses as possible (so their "my learning" view shows completed, overdue, … side by side).
 * Only the first candidates by id are scored: enough choice without aggregating the whole fact
 * table of a large tenant.
 */
const learnersSql = `
WITH candidates AS (
  SELECT u.user_id, u.full_name, o.org_id, o.org_name, o.path
  FROM dim_users u
  JOIN dim_organizations o ON o.org_id = u.org_id
  WHERE u.is_active
    AND NOT EXISTS (SELECT 1 FROM dim_organizations child WHERE child.parent_org_id = o.org_id)
    AND NOT EXISTS (SELECT 1 FROM dim_users report WHERE report.manager_id = u.user_id)
  ORDER BY u.user_id
  LIMIT 200
),
scored AS (
  SELECT c.user_id, c.full_name, c.org_id, c.org_name, c.path, count(DISTINCT f.status) AS statuses
  FROM candidates c
  JOIN fact_course_progress f ON f.user_id = c.user_id
  GROUP BY c.user_id, c.full_name, c.org_id, c.org_name, c.path
)
SELECT user_id, full_name, org_id, org_name
FROM scored
QUALIFY row_number() OVER (PARTITION BY org_id ORDER BY statuses DESC, user_id) = 1
ORDER BY statuses DESC, path, user_id
LIMIT 2`;

export async function readDemoPersonas(runSql: RunSql): Promise<DemoPersona[]> {
  const [admins, managers, analysts, learners] = [
    await runSql(adminSql),
    await runSql(managersSql),
    await runSql(analystSql),
    await runSql(learnersSql),
  ];
  return [
    ...admins.map((row) => persona(row, 'admin', false)),
    ...managers.map((row) => persona(row, 'manager', true)),
    ...analysts.map((row) => persona(row, 'analyst', true)),
    ...learners.map((row) => persona(row, 'learner', false)),
  ];
}

function persona(row: Record<string, unknown>, role: DemoPersona['role'], scopedToOrg: boolean): DemoPersona {
  const organisation = { id: String(row.org_id), name: String(row.org_name) };
  return {
    sub: String(row.user_id),
    name: String(row.full_name),
    role,
    organisation,
    ...(scopedToOrg ? { orgs: [organisation.id] } : {}),
  };
}

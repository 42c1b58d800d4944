/** Builds a tenant's org tree from its profile's template. */
import type { DemoTenantProfile, OrgTemplate } from './profiles.js';
import { orgLevelCount } from './profiles.js';
import type { Random } from './random.js';
import type { OrganizationRow } from './rows.js';

export interface OrgUnit {
  index: number;
  row: OrganizationRow;
  parentIndex: number | null;
  childIndexes: number[];
  /** Titles of the people working here who do not manage it. */
  jobTitles: readonly string[];
  managerTitle: string;
  categoryAffinity: Readonly<Record<string, number>>;
  /** Multiplies the completion rate of the people here: some orgs do better than others. */
  engagement: number;
  /** Relative share of the (non-manager) users placed here. */
  memberWeight: number;
  /** Relative headcount of the teams below (the templates' `headcount`, multiplied down the tree). */
  headcount: number;
}

const MIN_CHILDREN = 2;
const MAX_CHILDREN = 6;
/** Small tenants get a narrower tree so every org still has a few people. */
const MIN_USERS_PER_ORG = 4;

/** The widest branching (2..6) whose full tree still leaves MIN_USERS_PER_ORG users per org. */
export function branchingCap(levels: number, users: number): number {
  for (let cap = MAX_CHILDREN; cap > MIN_CHILDREN; cap--) {
    let orgs = 0;
    for (let level = 0; level < levels; level++) orgs += cap ** level;
    if (orgs * MIN_USERS_PER_ORG <= users) return cap;
  }
  return MIN_CHILDREN;
}

export function buildOrganizations(profile: DemoTenantProfile, users: number, random: Random): OrgUnit[] {
  const cap = branchingCap(orgLevelCount(profile.orgTree), users);
  const units: OrgUnit[] = [];

  const visit = (template: OrgTemplate | string, parent: OrgUnit | null): void => {
    const node: OrgTemplate = typeof template === 'string' ? { name: template } : template;
    const index = units.length;
    const orgId = `${profile.id}-o${String(index + 1).padStart(4, '0')}`;
    const level = parent ? parent.row.level + 1 : 0;
    const pool = node.children ?? [];
    const headcount = (parent?.headcount ?? 1) * (node.headcount ?? 1);
    const unit: OrgUnit = {
      index,
      row: {
        org_id: orgId,
        org_name: node.name,
        parent_org_id: parent?.row.org_id ?? null,
        level,
        path: `${parent?.row.path ?? '/'}${orgId}/`,
      },
      parentIndex: parent?.index ?? null,
      childIndexes: [],
      jobTitles: node.jobTitles ?? parent?.jobTitles ?? profile.staffTitles,
      managerTitle: node.managerTitle ?? profile.managerTitles[level] ?? profile.managerTitles.at(-1) ?? 'Manager',
      categoryAffinity: { ...parent?.categoryAffinity, ...node.categoryAffinity },
      engagement: parent === null ? 1 : clamp(parent.engagement * random.float(0.88, 1.12), 0.7, 1.2),
      memberWeight: pool.length > 0 ? (parent === null ? 0.08 : 0.12) : headcount * random.float(0.6, 1.4),
      headcount,
    };
    units.push(unit);
    parent?.childIndexes.push(index);

    if (pool.length === 0) return;
    const maxChildren = Math.min(cap, pool.length);
    // The top level keeps its units in order (the divisions are the company's identity); below
    // it, each org keeps a random 2..maxChildren of its possible units.
    const children =
      parent === null
        ? pool.slice(0, maxChildren)
        : random.sample(pool, random.int(Math.min(MIN_CHILDREN, maxChildren), maxChildren));
    for (const child of children) visit(child, unit);
  };

  visit(profile.orgTree, null);
  return units;
}

export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

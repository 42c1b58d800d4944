/** Places a tenant's users in its orgs: one manager per org, reporting lines, titles, tenure. */
import { addYears, type EpochDay } from './dates.js';
import { firstNames, lastNames } from './names.js';
import { clamp, type OrgUnit } from './organizations.js';
import type { DemoTenantProfile } from './profiles.js';
import type { Random } from './random.js';
import type { UserRow } from './rows.js';

export interface Population {
  rows: UserRow[];
  /** Per user (same order as rows): */
  orgIndex: Int32Array;
  hireDay: Int32Array;
  /** The last day the user was with the company: as-of for active users. */
  activeUntil: Int32Array;
  /** Multiplies the user's completion rate. */
  diligence: Float64Array;
}

const ACTIVE_SHARE = 0.95;

export function buildPopulation(
  profile: DemoTenantProfile,
  orgs: readonly OrgUnit[],
  userCount: number,
  asOf: EpochDay,
  random: Random,
): Population {
  const divisions = orgs.filter((org) => org.row.level === 1);
  if (userCount < orgs.length + divisions.length) {
    throw new Error(`${userCount} users are too few for ${orgs.length} orgs`);
  }
  const population: Population = {
    rows: [],
    orgIndex: new Int32Array(userCount),
    hireDay: new Int32Array(userCount),
    activeUntil: new Int32Array(userCount),
    diligence: new Float64Array(userCount),
  };
  const userId = (index: number) => `${profile.id}-u${String(index + 1).padStart(6, '0')}`;
  // User i (i < orgs.length) manages org i; then one analyst per level-1 org; the rest are spread
  // over the orgs by weight.
  const orgPicker = weightedIndexPicker(orgs.map((org) => org.memberWeight));
  const emailCounts = new Map<string, number>();
  const fifteenYearsAgo = addYears(asOf, -15);

  for (let index = 0; index < userCount; index++) {
    const isManager = index < orgs.length;
    const isAnalyst = !isManager && index < orgs.length + divisions.length;
    const org = isManager ? orgs[index]! : isAnalyst ? divisions[index - orgs.length]! : orgs[orgPicker(random.next())]!;
    const managerIndex = isManager ? org.parentIndex : org.index;

    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const emailName = `${emailPart(first)}.${emailPart(last)}`;
    const seen = (emailCounts.get(emailName) ?? 0) + 1;
    emailCounts.set(emailName, seen);

    const title = isManager
      ? org.managerTitle
      : isAnalyst
        ? profile.staffTitles[0]!
        : org.childIndexes.length > 0
          ? random.pick(profile.staffTitles)
          : random.pick(org.jobTitles);
    // Managers have been around longer; everyone was hired 1–15 years before as-of.
    const minTenureYears = isManager ? 3 : 1;
    const hireDay = random.int(fifteenYearsAgo, addYears(asOf, -minTenureYears));
    const isActive = isManager || isAnalyst || random.chance(ACTIVE_SHARE);
    const activeUntil = isActive ? asOf : Math.min(asOf, Math.max(hireDay + 60, asOf - random.int(30, 540)));

    population.rows.push({
      user_id: userId(index),
      full_name: `${first} ${last}`,
      email: `${emailName}${seen > 1 ? seen : ''}@${profile.emailDomain}`,
      org_id: org.row.org_id,
      manager_id: managerIndex === null ? null : userId(managerIndex),
      job_title: title,
      hire_date: hireDay,
      is_active: isActive,
    });
    population.orgIndex[index] = org.index;
    population.hireDay[index] = hireDay;
    population.activeUntil[index] = activeUntil;
    population.diligence[index] = clamp(random.normal(1, 0.12), 0.6, 1.3);
  }
  return population;
}

/** "O'Brien" → "obrien". */
function emailPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/** Maps a uniform [0, 1) draw to an index with probability proportional to its weight. */
export function weightedIndexPicker(weights: readonly number[]): (uniform: number) => number {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((weight, index) => {
    total += weight;
    cumulative[index] = total;
  });
  return (uniform) => {
    const target = uniform * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

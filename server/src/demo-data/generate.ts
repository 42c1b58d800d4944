/**
 * Deterministic demo data for one tenant: the same (tenant, users, seed, asOf) always gives the
 * same rows. Pure: no I/O, no clock; the fact tables are streamed, the dimensions are arrays.
 */
import { buildCourses } from './courses.js';
import { isoToDay } from './dates.js';
import { countEnrolments, enrolmentBatches, type EnrolmentModel } from './enrolments.js';
import { buildOrganizations } from './organizations.js';
import { buildPopulation } from './people.js';
import { MIN_DEMO_USERS, findDemoTenantProfile, type DemoTenantProfile } from './profiles.js';
import { Random } from './random.js';
import type { CourseRow, DatasetInfoRow, FactBatch, OrganizationRow, UserRow } from './rows.js';

export const DEFAULT_DEMO_SEED = 42;
/** A fixed "today" so the output never depends on when it is generated. */
export const DEFAULT_DEMO_AS_OF = '2026-10-31';
export const DEMO_GENERATOR_VERSION = 1;
/** DuckDB's vector size: a batch fills exactly one data chunk. */
export const DEFAULT_BATCH_SIZE = 2048;

export interface DemoDataOptions {
  tenant: string;
  /** The tenant's exact user count (≥ 20); its profile's default when absent. */
  users?: number;
  seed?: number;
  /** YYYY-MM-DD. */
  asOf?: string;
}

export interface DemoDataset {
  profile: DemoTenantProfile;
  datasetInfo: DatasetInfoRow;
  organizations: OrganizationRow[];
  users: UserRow[];
  courses: CourseRow[];
  /** How many fact_course_progress rows factBatches() yields. */
  progressRowCount: number;
  /** fact_course_progress and fact_certifications rows in columnar batches; each call starts over. */
  factBatches(batchSize?: number): Generator<FactBatch>;
}

export function generateDemoDataset(options: DemoDataOptions): DemoDataset {
  const profile = findDemoTenantProfile(options.tenant);
  const users = options.users ?? profile.defaultUsers;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const asOf = isoToDay(options.asOf ?? DEFAULT_DEMO_AS_OF);
  if (!Number.isInteger(users) || users < MIN_DEMO_USERS) {
    throw new Error(`users must be a whole number of at least ${MIN_DEMO_USERS}, got ${users}`);
  }
  if (!Number.isInteger(seed) || seed < -2147483648 || seed > 2147483647) {
    throw new Error(`seed must be a 32-bit integer, got ${seed}`);
  }

  const orgs = buildOrganizations(profile, users, new Random(profile.id, seed, 'organizations'));
  const courses = buildCourses(profile, new Random(profile.id, seed, 'courses'));
  const population = buildPopulation(profile, orgs, users, asOf, new Random(profile.id, seed, 'users'));
  const model: EnrolmentModel = { profile, seed, asOf, orgs, population, courses };

  return {
    profile,
    datasetInfo: { tenant: profile.id, as_of: asOf, generator_version: DEMO_GENERATOR_VERSION, seed, users },
    organizations: orgs.map((org) => org.row),
    users: population.rows,
    courses: courses.map((course) => course.row),
    progressRowCount: countEnrolments(model),
    factBatches: (batchSize = DEFAULT_BATCH_SIZE) => enrolmentBatches(model, batchSize),
  };
}

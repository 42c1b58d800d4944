/**
 * Course enrolments (fact_course_progress) and the certifications they earn, streamed in
 * columnar batches: at 400k users there are over ten million of them.
 *
 * Each user's enrolments come from a random stream of their own, so the rows can be counted in a
 * cheap first pass (course choice only) and then produced in a second one.
 */
import { addMonths, monthOfYear, monthStart, type EpochDay } from './dates.js';
import type { Course } from './courses.js';
import { clamp, type OrgUnit } from './organizations.js';
import type { Population } from './people.js';
import type { DemoTenantProfile } from './profiles.js';
import { Random } from './random.js';
import {
  NO_DATE,
  type CertificationBatch,
  type FactBatch,
  type ProgressBatch,
  type ProgressStatus,
} from './rows.js';

export interface EnrolmentModel {
  profile: DemoTenantProfile;
  seed: number;
  asOf: EpochDay;
  orgs: readonly OrgUnit[];
  population: Population;
  courses: readonly Course[];
}

/** Enrolments start this many whole months back (as-of's month included): three years. */
const HISTORY_MONTHS = 36;
/** Enrolment volume by month of the year: a January compliance push, a summer lull. */
const SEASON = [1.4, 1.2, 1.1, 1, 1, 0.9, 0.75, 0.65, 1.1, 1.15, 1, 0.6];
/** Mandatory courses reach nearly everyone the subject concerns. */
const MANDATORY_REACH = 0.96;
const OPTIONAL_DUE_DATE_SHARE = 0.3;
/** Share of a newcomer's mandatory courses assigned in the month after they were hired. */
const ONBOARDING_SHARE = 0.5;

/** Everything the per-user pass needs, worked out once per tenant. */
interface Plan {
  model: EnrolmentModel;
  historyStart: EpochDay;
  /** Indexed by day - historyStart: */
  monthStartOf: Int32Array;
  /** Relative enrolment volume of the day: season × growth in use of the platform. */
  volume: Float64Array;
  maxVolume: number;
  /** Per org: the chance a user there is enrolled in each course. */
  reach: Map<number, OrgReach>;
  courseIds: string[];
}

interface OrgReach {
  mandatory: Float64Array;
  expectedMandatory: number;
  optionalWeight: Float64Array;
  optionalWeightTotal: number;
}

function makePlan(model: EnrolmentModel): Plan {
  const historyStart = monthStart(addMonths(model.asOf, 1 - HISTORY_MONTHS));
  const days = model.asOf - historyStart + 1;
  const monthStartOf = new Int32Array(days);
  const volume = new Float64Array(days);
  let maxVolume = 0;
  for (let offset = 0; offset < days; offset++) {
    const day = historyStart + offset;
    monthStartOf[offset] = monthStart(day);
    volume[offset] = SEASON[monthOfYear(day)]! * (0.55 + (0.9 * offset) / (days - 1));
    maxVolume = Math.max(maxVolume, volume[offset]!);
  }
  const reach = new Map<number, OrgReach>();
  for (const org of model.orgs) reach.set(org.index, orgReach(model.courses, org));
  return {
    model,
    historyStart,
    monthStartOf,
    volume,
    maxVolume,
    reach,
    courseIds: model.courses.map((course) => course.row.course_id),
  };
}

function orgReach(courses: readonly Course[], org: OrgUnit): OrgReach {
  const mandatory = new Float64Array(courses.length);
  const optionalWeight = new Float64Array(courses.length);
  let expectedMandatory = 0;
  let optionalWeightTotal = 0;
  for (const course of courses) {
    const affinity = org.categoryAffinity[course.row.category] ?? 1;
    if (course.row.is_mandatory) {
      mandatory[course.index] = clamp(MANDATORY_REACH * affinity, 0.25, MANDATORY_REACH);
      expectedMandatory += mandatory[course.index]!;
    } else {
      optionalWeight[course.index] = course.popularity * affinity;
      optionalWeightTotal += optionalWeight[course.index]!;
    }
  }
  return { mandatory, expectedMandatory, optionalWeight, optionalWeightTotal };
}

function userRandom(model: EnrolmentModel, user: number): Random {
  return new Random(model.profile.id, model.seed, 'enrolments', user);
}

/** Fills `chosen` with the indexes of the courses the user is enrolled in; returns how many. */
function chooseCourses(plan: Plan, user: number, random: Random, chosen: Int32Array): number {
  const { model } = plan;
  const reach = plan.reach.get(model.population.orgIndex[user]!)!;
  const { mean, sd } = model.profile.enrolmentsPerUser;
  const wanted = clamp(Math.round(random.normal(mean, sd)), 6, model.courses.length);
  const optionalScale = Math.max(0, wanted - reach.expectedMandatory) / reach.optionalWeightTotal;
  let count = 0;
  for (let course = 0; course < model.courses.length; course++) {
    const chance = reach.mandatory[course]! || reach.optionalWeight[course]! * optionalScale;
    if (random.next() < chance) chosen[count++] = course;
  }
  return count;
}

export function countEnrolments(model: EnrolmentModel): number {
  const plan = makePlan(model);
  const chosen = new Int32Array(model.courses.length);
  let total = 0;
  for (let user = 0; user < model.population.rows.length; user++) {
    total += chooseCourses(plan, user, userRandom(model, user), chosen);
  }
  return total;
}

/** Streams the fact rows: full batches of `batchSize` rows of either table, then the rest. */
export function* enrolmentBatches(model: EnrolmentModel, batchSize: number): Generator<FactBatch> {
  const plan = makePlan(model);
  const { population, courses, asOf, profile, orgs } = model;
  const chosen = new Int32Array(courses.length);
  const historyStart = plan.historyStart;
  const span = model.asOf - historyStart;
  let progress = newProgressBatch(batchSize);
  let certifications = newCertificationBatch(batchSize);
  let enrolmentId = 0;
  let certificationId = 0;

  for (let user = 0; user < population.rows.length; user++) {
    const random = userRandom(model, user);
    const count = chooseCourses(plan, user, random, chosen);
    const userRow = population.rows[user]!;
    const org = orgs[population.orgIndex[user]!]!;
    const hireDay = population.hireDay[user]!;
    const until = population.activeUntil[user]!;
    const firstDay = Math.max(historyStart, hireDay);
    const learnerFactor = profile.completionBias * org.engagement * population.diligence[user]!;
    const onTimeChance = clamp(0.8 * org.engagement * population.diligence[user]!, 0.45, 0.97);

    for (let k = 0; k < count; k++) {
      const course = courses[chosen[k]!]!;
      const mandatory = course.row.is_mandatory;

      let enrolled: number;
      if (mandatory && hireDay >= historyStart && random.chance(ONBOARDING_SHARE)) {
        enrolled = Math.min(until, hireDay + random.int(0, 30));
      } else {
        enrolled = random.int(firstDay, until);
        // Rejection sampling against the season and growth curve.
        for (let tries = 0; tries < 8; tries++) {
          if (random.next() * plan.maxVolume < plan.volume[enrolled - historyStart]!) break;
          enrolled = random.int(firstDay, until);
        }
      }
      const dueSpan = mandatory || random.chance(OPTIONAL_DUE_DATE_SHARE) ? random.int(30, 90) : 0;
      const due = dueSpan > 0 ? enrolled + dueSpan : NO_DATE;

      // Completion got better over the years, and mandatory courses get finished more often.
      const trend = 0.88 + (0.17 * (enrolled - historyStart)) / span;
      const completes = random.chance(
        clamp(course.completionRate * learnerFactor * trend * (mandatory ? 1.04 : 0.94), 0.03, 0.97),
      );
      let delay: number;
      if (dueSpan > 0) {
        delay = random.chance(onTimeChance)
          ? Math.floor(dueSpan * random.next() * (random.chance(0.5) ? random.next() : 1))
          : dueSpan + random.int(1, 150);
      } else {
        delay = random.chance(0.35) ? random.int(0, 7) : Math.floor(240 * random.next() * random.next());
      }

      let completedDay = NO_DATE;
      let percent: number;
      if (completes && enrolled + delay <= until) {
        completedDay = enrolled + delay;
        percent = 100;
      } else if (completes) {
        // Will finish, but had not by as-of (or by leaving): part-way through.
        percent = Math.min(99, Math.floor(((until - enrolled) / Math.max(1, delay)) * random.float(50, 100)));
      } else {
        percent = random.chance(0.6) ? random.int(5, 90) : 0;
      }
      const status: ProgressStatus =
        percent === 100 ? 'completed' : due !== NO_DATE && due < asOf ? 'overdue' : percent > 0 ? 'in_progress' : 'not_started';
      const effort = clamp(random.normal(1.05, 0.2), 0.4, 1.8);
      const minutes = percent === 0 ? 0 : Math.max(1, Math.round((course.row.duration_minutes * percent * effort) / 100));

      const row = progress.length++;
      progress.enrolment_id[row] = ++enrolmentId;
      progress.user_id[row] = userRow.user_id;
      progress.org_id[row] = userRow.org_id;
      progress.course_id[row] = plan.courseIds[course.index]!;
      progress.enrolled_date[row] = enrolled;
      progress.enrolled_month[row] = plan.monthStartOf[enrolled - historyStart]!;
      progress.due_date[row] = due;
      progress.completed_date[row] = completedDay;
      progress.completed_month[row] = completedDay === NO_DATE ? NO_DATE : plan.monthStartOf[completedDay - historyStart]!;
      progress.status[row] = status;
      progress.progress_percent[row] = percent;
      progress.time_spent_minutes[row] = minutes;
      if (progress.length === batchSize) {
        yield progress;
        progress = newProgressBatch(batchSize);
      }

      if (completedDay !== NO_DATE && course.certification) {
        const expires = addMonths(completedDay, course.certification.validityMonths);
        const cert = certifications.length++;
        certifications.certification_id[cert] = ++certificationId;
        certifications.user_id[cert] = userRow.user_id;
        certifications.org_id[cert] = userRow.org_id;
        certifications.certification_name[cert] = course.certification.name;
        certifications.course_id[cert] = plan.courseIds[course.index]!;
        certifications.issued_date[cert] = completedDay;
        certifications.expires_date[cert] = expires;
        certifications.status[cert] = expires < asOf ? 'expired' : 'active';
        if (certifications.length === batchSize) {
          yield certifications;
          certifications = newCertificationBatch(batchSize);
        }
      }
    }
  }
  if (progress.length > 0) yield trimProgressBatch(progress);
  if (certifications.length > 0) yield trimCertificationBatch(certifications);
}

function newProgressBatch(size: number): ProgressBatch {
  return {
    table: 'fact_course_progress',
    length: 0,
    enrolment_id: new Float64Array(size),
    user_id: new Array<string>(size),
    org_id: new Array<string>(size),
    course_id: new Array<string>(size),
    enrolled_date: new Int32Array(size),
    enrolled_month: new Int32Array(size),
    due_date: new Int32Array(size),
    completed_date: new Int32Array(size),
    completed_month: new Int32Array(size),
    status: new Array<ProgressStatus>(size),
    progress_percent: new Int32Array(size),
    time_spent_minutes: new Int32Array(size),
  };
}

function newCertificationBatch(size: number): CertificationBatch {
  return {
    table: 'fact_certifications',
    length: 0,
    certification_id: new Float64Array(size),
    user_id: new Array<string>(size),
    org_id: new Array<string>(size),
    certification_name: new Array<string>(size),
    course_id: new Array<string>(size),
    issued_date: new Int32Array(size),
    expires_date: new Int32Array(size),
    status: new Array<CertificationBatch['status'][number]>(size),
  };
}

/** Cuts every column of the last, partial batch down to its length. */
function trimProgressBatch(batch: ProgressBatch): ProgressBatch {
  const n = batch.length;
  return {
    table: batch.table,
    length: n,
    enrolment_id: batch.enrolment_id.subarray(0, n),
    user_id: batch.user_id.slice(0, n),
    org_id: batch.org_id.slice(0, n),
    course_id: batch.course_id.slice(0, n),
    enrolled_date: batch.enrolled_date.subarray(0, n),
    enrolled_month: batch.enrolled_month.subarray(0, n),
    due_date: batch.due_date.subarray(0, n),
    completed_date: batch.completed_date.subarray(0, n),
    completed_month: batch.completed_month.subarray(0, n),
    status: batch.status.slice(0, n),
    progress_percent: batch.progress_percent.subarray(0, n),
    time_spent_minutes: batch.time_spent_minutes.subarray(0, n),
  };
}

function trimCertificationBatch(batch: CertificationBatch): CertificationBatch {
  const n = batch.length;
  return {
    table: batch.table,
    length: n,
    certification_id: batch.certification_id.subarray(0, n),
    user_id: batch.user_id.slice(0, n),
    org_id: batch.org_id.slice(0, n),
    certification_name: batch.certification_name.slice(0, n),
    course_id: batch.course_id.slice(0, n),
    issued_date: batch.issued_date.subarray(0, n),
    expires_date: batch.expires_date.subarray(0, n),
    status: batch.status.slice(0, n),
  };
}

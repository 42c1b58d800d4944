/** Picks a tenant's course catalogue from its profile's course pools. */
import type { CategoryProfile, DemoTenantProfile } from './profiles.js';
import type { Random } from './random.js';
import type { CourseRow } from './rows.js';

export interface Course {
  index: number;
  row: CourseRow;
  category: CategoryProfile;
  /** Share of enrolments eventually completed, before org, learner and time modifiers. */
  completionRate: number;
  /** Relative chance of being chosen as an optional course. */
  popularity: number;
  /** Set when completing the course earns a certification. */
  certification: { name: string; validityMonths: number } | null;
}

/** No category is thinned below this many courses. */
const MIN_COURSES_PER_CATEGORY = 4;

export function buildCourses(profile: DemoTenantProfile, random: Random): Course[] {
  const kept = profile.categories.map((category) => category.courses.map((_, index) => index));
  const poolSize = kept.reduce((sum, indexes) => sum + indexes.length, 0);
  const target = Math.min(poolSize, random.int(profile.courseCount[0], profile.courseCount[1]));
  for (let dropped = 0; dropped < poolSize - target; dropped++) {
    const candidates = kept.filter((indexes) => indexes.length > MIN_COURSES_PER_CATEGORY);
    if (candidates.length === 0) break;
    const indexes = random.weightedPick(candidates, candidates.map((c) => c.length));
    // Never the first course of a category: it is the category's flagship.
    indexes.splice(random.int(1, indexes.length - 1), 1);
  }

  const courses: Course[] = [];
  profile.categories.forEach((category, categoryIndex) => {
    const indexes = kept[categoryIndex]!;
    const mandatoryCount = Math.round(indexes.length * category.mandatoryShare);
    indexes.forEach((poolIndex, position) => {
      const name = category.courses[poolIndex]!;
      const isMandatory = position < mandatoryCount;
      const [minMinutes, maxMinutes] = category.durationMinutes;
      const methods = Object.keys(category.delivery) as (keyof typeof category.delivery)[];
      const rule = category.certification;
      const certifies = rule !== undefined && ((isMandatory && rule.mandatoryCourses) || random.chance(rule.otherShare));
      const index = courses.length;
      courses.push({
        index,
        row: {
          course_id: `${profile.id}-c${String(index + 1).padStart(3, '0')}`,
          course_name: name,
          category: category.name,
          is_mandatory: isMandatory,
          duration_minutes: Math.round(random.int(minMinutes, maxMinutes) / 5) * 5,
          delivery_method: random.weightedPick(methods, methods.map((method) => category.delivery[method])),
        },
        category,
        completionRate: category.completionRate * random.float(0.88, 1.1),
        popularity: random.float(0.4, 1.6),
        certification: certifies
          ? {
              name: /certification$/i.test(name) ? name : `${name} Certificate`,
              validityMonths: random.pick(rule.validityMonths),
            }
          : null,
      });
    });
  });
  return courses;
}

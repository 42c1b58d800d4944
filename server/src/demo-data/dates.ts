/** Calendar dates as whole days since 1970-01-01 (DuckDB's DATE representation), all in UTC. */
export type EpochDay = number;

const DAY_MS = 86_400_000;

export function isoToDay(iso: string): EpochDay {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`"${iso}" is not a date in YYYY-MM-DD form`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`"${iso}" is not a valid calendar date`);
  }
  return time / DAY_MS;
}

export function dayToIso(day: EpochDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function monthStart(day: EpochDay): EpochDay {
  const date = new Date(day * DAY_MS);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY_MS;
}

/** 0 for January … 11 for December. */
export function monthOfYear(day: EpochDay): number {
  return new Date(day * DAY_MS).getUTCMonth();
}

/** The same day of the month `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(day: EpochDay, months: number): EpochDay {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / DAY_MS;
}

export function addYears(day: EpochDay, years: number): EpochDay {
  return addMonths(day, years * 12);
}

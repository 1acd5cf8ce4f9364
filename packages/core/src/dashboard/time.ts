// Calendar arithmetic for dashboards and the daily digest, in UTC. `now` is always a parameter.

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `date` falls in. */
export const startOfUtcDay = (date: Date): Date => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));

/** Monday 00:00 UTC of the ISO week `date` falls in. */
export function startOfIsoWeek(date: Date): Date {
  const day = startOfUtcDay(date);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday = 0 … Sunday = 6
  return new Date(day.getTime() - weekday * DAY_MS);
}

/** The 1st of the month, 00:00 UTC. */
export const startOfUtcMonth = (date: Date): Date => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));

/** `yyyy-mm-dd` of the UTC day, e.g. for once-per-day flags. */
export const utcDayKey = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The ISO 8601 week label, e.g. `2026-W40`. The ISO year can differ from the calendar year around
 * New Year (2027-01-01 is in 2026-W53).
 */
export function isoWeekKey(date: Date): string {
  const thursday = new Date(startOfIsoWeek(date).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayWeek = startOfIsoWeek(new Date(Date.UTC(year, 0, 4)));
  const week = Math.round((startOfIsoWeek(date).getTime() - firstThursdayWeek.getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export interface WeekBucket {
  /** ISO week label, e.g. `2026-W40`. */
  week: string;
  /** Monday 00:00 UTC. */
  start: Date;
  count: number;
}

/** The `weeks` ISO weeks ending with the one `now` is in, oldest first, all counts zero. */
export function lastIsoWeeks(now: Date, weeks: number): WeekBucket[] {
  const current = startOfIsoWeek(now).getTime();
  return Array.from({ length: weeks }, (_, i) => {
    const start = new Date(current - (weeks - 1 - i) * 7 * DAY_MS);
    return { week: isoWeekKey(start), start, count: 0 };
  });
}

/**
 * Counts instants per ISO week over the last `weeks` weeks (including the current one, oldest
 * first); instants outside that range are ignored. Weeks without any are present with 0.
 */
export function bucketByIsoWeek(instants: readonly Date[], now: Date, weeks: number): WeekBucket[] {
  const buckets = lastIsoWeeks(now, weeks);
  const first = buckets[0]?.start.getTime() ?? 0;
  const end = startOfIsoWeek(now).getTime() + 7 * DAY_MS;
  for (const instant of instants) {
    const t = instant.getTime();
    if (t < first || t >= end) continue;
    const bucket = buckets[Math.floor((t - first) / (7 * DAY_MS))];
    if (bucket) bucket.count++;
  }
  return buckets;
}

/** How long ago `since` was, in whole minutes, hours or days: "45 minutes", "3 hours", "2 days". */
export function describeAge(since: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - since.getTime());
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms < 3_600_000) return plural(Math.floor(ms / 60_000), "minute");
  if (ms < DAY_MS) return plural(Math.floor(ms / 3_600_000), "hour");
  return plural(Math.floor(ms / DAY_MS), "day");
}

/** The staff digest is due once the UTC clock has reached `hourUtc` on a day. */
export const digestDue = (now: Date, hourUtc: number): boolean => now.getUTCHours() >= hourUtc;

/** The once-per-day key for the digest (a system flag), e.g. `digest:2026-10-01`. */
export const digestFlagKey = (now: Date): string => `digest:${utcDayKey(now)}`;

import { STATUS_LABELS } from "./mission-figures";

/** The filter fields the mission dashboards share; names are the query parameters their schemas parse. */

export function WeekSelect({ weeks, value }: { weeks: readonly number[]; value: string }) {
  return (
    <label>
      Week
      <select name="week" defaultValue={value}>
        <option value="">Every week</option>
        {weeks.map((w) => (
          <option key={w} value={w}>
            Week {w}
          </option>
        ))}
      </select>
    </label>
  );
}

export function MissionSelect({
  missions,
  value,
  anyLabel = "Every mission",
}: {
  missions: readonly { id: string; name: string; week: number | null }[];
  value: string;
  anyLabel?: string;
}) {
  return (
    <label className="mission-filter">
      Mission
      <select name="mission" defaultValue={value}>
        <option value="">{anyLabel}</option>
        {missions.map((m) => (
          <option key={m.id} value={m.id}>
            {m.week === null ? m.name : `W${m.week} · ${m.name}`}
          </option>
        ))}
      </select>
    </label>
  );
}

export function StatusSelect({ value }: { value: string }) {
  return (
    <label>
      Status
      <select name="status" defaultValue={value}>
        <option value="">Any status</option>
        {Object.entries(STATUS_LABELS).map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function LearnerSearch({ value }: { value: string }) {
  return (
    <label>
      Learner
      <input type="search" name="user" defaultValue={value} maxLength={200} placeholder="Name, email or id" />
    </label>
  );
}

/** Labels of the query parameters, for IgnoredFilters. */
export const FILTER_LABELS: Record<string, string> = {
  week: "Week",
  mission: "Mission",
  status: "Status",
  user: "Learner",
  sort: "Sort",
  dir: "Direction",
  page: "Page",
};

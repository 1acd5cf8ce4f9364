import { JOB_TITLES, type JobKind } from "@missionboard/core";
import { age } from "./queue-stats";
import { UtcTime } from "./time";

type When = string | Date | null;
interface ResourceFreshness {
  at: When;
  ageMs: number | null;
  changes: { inserted: number; updated: number; changed: boolean } | null;
}
/** What `analytics.freshness` returns, with times as the loader hands them over. */
export interface FreshnessData {
  resources: Record<"users" | "models" | "chats", ResourceFreshness>;
  lastRun: { status: string; finishedAt: When; error: string | null } | null;
  running: { kind: JobKind; percent: number | null } | null;
}

const LABELS = { users: "Users", models: "Models", chats: "Chats" } as const;

/** "no changes" / "12 new, 3 updated chats". */
function changesText(changes: ResourceFreshness["changes"]): string | null {
  if (!changes) return null;
  if (!changes.changed) return "no changes";
  return `${changes.inserted} new, ${changes.updated} updated`;
}

/**
 * The freshness line at the top of every analytics page (docs/product/missions.md §M-23): when
 * users, models and chats were last reloaded, whether the last chats reload changed anything, and
 * a job running now. Loaders read it with `api.analytics.freshness()`.
 */
export function Freshness({ data }: { data: FreshnessData }) {
  const { resources, running, lastRun } = data;
  return (
    <aside className="freshness muted" aria-label="Data freshness" data-testid="freshness">
      <p>
        {(Object.keys(LABELS) as (keyof typeof LABELS)[]).map((key, i) => {
          const r = resources[key];
          const changes = key === "chats" ? changesText(r.changes) : null;
          return (
            <span key={key} className="freshness-item">
              {i > 0 ? " · " : null}
              {LABELS[key]} reloaded{" "}
              {r.at ? (
                <>
                  <UtcTime value={r.at} /> ({age(r.ageMs)} ago{changes ? `, ${changes}` : ""})
                </>
              ) : (
                "never"
              )}
            </span>
          );
        })}
      </p>
      {running ? (
        <p role="status">
          {JOB_TITLES[running.kind]} running now{running.percent === null ? "" : ` (${running.percent} %)`}: figures may change.
        </p>
      ) : null}
      {lastRun?.status === "failed" ? <p>The last reload failed; figures are from the reload before it.</p> : null}
    </aside>
  );
}

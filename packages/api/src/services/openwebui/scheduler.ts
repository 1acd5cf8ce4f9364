// The scheduled reload from OpenWebUI (OPENWEBUI_REFRESH_MINUTES): an upsert reload every N
// minutes, started on the process's job runner. Within one process a tick never overlaps the
// previous one; across instances the analytics lease decides, and "already running" is a skip.
import { reloadJob } from "../ingest/run";
import type { IngestSummary } from "../ingest/types";
import { JobBusyError } from "../jobs/lease";
import { type JobRunner, ShuttingDownError } from "../jobs/runner";
import type { RankUpNotices } from "../standings";
import { type OpenWebUiClient, openWebUiSource } from "./client";

export type ReloadTickResult =
  | { ran: true; summary: IngestSummary }
  | { ran: false; reason: "overlap" | "busy"; detail?: string }
  | { ran: false; reason: "error"; error: unknown };

export interface ReloadSchedulerOptions {
  /** The process's job runner (the reload runs as one of its jobs). */
  jobs: JobRunner;
  client: OpenWebUiClient;
  /** OPENWEBUI_REFRESH_MINUTES; 0 (or less) means no timer (tick() still works). */
  minutes: number;
  now?: () => Date;
  /** One structured line per event; never receives the API key. */
  log?: (entry: Record<string, string | number | boolean | null>) => void;
  /** Overrides `minutes` (tests). */
  intervalMs?: number;
  /** For the rank-up notices of the reload's standings phase. */
  notices?: RankUpNotices;
}

export interface ReloadScheduler {
  /** The timer's period, or null when scheduling is off. */
  readonly intervalMs: number | null;
  /** One reload now, unless one is already running here (overlap) or on another instance (busy). */
  tick(): Promise<ReloadTickResult>;
  stop(): void;
}

/** Another analytics job holds the lease, or this instance is shutting down. */
const isBusy = (error: unknown) => error instanceof JobBusyError || error instanceof ShuttingDownError;

/**
 * Runs `reloadJob(openWebUiSource(client), { mode: "upsert", source: "schedule" })` on the job
 * runner every `minutes` on an unref'd timer (it never keeps the process alive). The first run is
 * one period after start, so a restart loop cannot hammer OpenWebUI.
 */
export function startReloadScheduler(options: ReloadSchedulerOptions): ReloadScheduler {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const intervalMs = options.intervalMs ?? (options.minutes > 0 ? Math.round(options.minutes * 60_000) : null);
  let running: Promise<ReloadTickResult> | null = null;

  async function reload(): Promise<ReloadTickResult> {
    const started = now();
    try {
      const outcome = await options.jobs.run(
        reloadJob(openWebUiSource(options.client), { mode: "upsert", source: "schedule", notices: options.notices }),
      );
      if (!outcome.result) throw new Error(outcome.error ?? "The scheduled reload failed.");
      const summary = outcome.result;
      log({
        msg: summary.status === "succeeded" ? "scheduled reload finished" : "scheduled reload failed",
        runId: summary.runId,
        status: summary.status,
        ...(summary.error ? { error: summary.error } : {}),
        chats: summary.chats,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        durationMs: summary.durationMs,
      });
      return { ran: true, summary };
    } catch (error) {
      if (isBusy(error)) {
        const detail = error instanceof Error ? error.message : String(error);
        log({ msg: "scheduled reload skipped", reason: "another reload is running", detail });
        return { ran: false, reason: "busy", detail };
      }
      log({
        msg: "scheduled reload failed",
        error: error instanceof Error ? error.message : String(error),
        durationMs: now().getTime() - started.getTime(),
      });
      return { ran: false, reason: "error", error };
    }
  }

  const tick = (): Promise<ReloadTickResult> => {
    if (running) {
      log({ msg: "scheduled reload skipped", reason: "the previous scheduled reload is still running" });
      return Promise.resolve({ ran: false, reason: "overlap" });
    }
    running = reload().finally(() => {
      running = null;
    });
    return running;
  };

  let timer: NodeJS.Timeout | null = null;
  if (intervalMs !== null && intervalMs > 0) {
    timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
    log({ msg: "scheduled reload on", everyMinutes: intervalMs / 60_000, openWebUi: options.client.baseUrl });
  }
  return {
    intervalMs: timer ? intervalMs : null,
    tick,
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

// The contract between the ingest engine (run.ts), its sources (export files, the OpenWebUI API)
// and its callers (CLI, admin pages, scheduler). Records arrive one at a time so memory stays
// bounded whatever the export size.
import type { ReloadMode, ReloadSource } from "@missionboard/core";

/** One record read from a source, or why it could not be read (malformed JSON mid-file, bad CSV row…). */
export type RawRecord = { ok: true; index: number; value: unknown } | { ok: false; index: number; error: string };

export interface IngestSource {
  users?: AsyncIterable<RawRecord>;
  models?: AsyncIterable<RawRecord>;
  chats?: AsyncIterable<RawRecord>;
  /** Number of chats, when the source knows it up front (for the progress bar). */
  chatCount?: number | null;
}

export interface IngestProgress {
  runId: string;
  processed: number;
  total: number | null;
}

export interface IngestOptions {
  mode: ReloadMode;
  source: ReloadSource;
  triggeredBy?: string | null;
  /** Chats per transaction (default 500). */
  batchSize?: number;
  onProgress?: (progress: IngestProgress) => void;
}

export interface MissionSummary {
  id: string;
  key: string;
  name: string;
  week: number | null;
  points: number | null;
  attempts: number;
  /** Distinct users who completed it (DECISIONS §11). */
  completions: number;
  participants: number;
}

/** What `pnpm ingest --json` prints and what a reload run records. */
export interface IngestSummary {
  runId: string;
  status: "succeeded" | "failed";
  error: string | null;
  durationMs: number;
  chats: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Skipped records by reason, e.g. { "missing id": 2, "malformed JSON": 1 }. */
  skipped: Record<string, number>;
  missions: MissionSummary[];
  attempts: number;
  completions: number;
  participants: number;
}

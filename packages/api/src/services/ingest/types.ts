// The contract between the ingest engine (run.ts), its sources (export files, the OpenWebUI API)
// and its callers (CLI, admin pages, scheduler). Records arrive one at a time so memory stays
// bounded whatever the export size.
import type { ReloadMode, ReloadSource } from "@missionboard/core";

/**
 * One record read from a source, or why it could not be read (malformed JSON mid-file, bad CSV
 * row, nested too deeply…). `line` (1-based) names where it starts in a file. An unreadable record
 * `stops` the source (the rest is unknown) unless it says `stops: false` (it was skipped whole).
 */
export type RawRecord =
  | { ok: true; index: number; value: unknown; line?: number }
  | { ok: false; index: number; error: string; line?: number; stops?: boolean };

export interface IngestSource {
  users?: AsyncIterable<RawRecord>;
  models?: AsyncIterable<RawRecord>;
  chats?: AsyncIterable<RawRecord>;
  /** Number of chats, when the source knows it up front (for the progress bar). */
  chatCount?: number | null;
  /**
   * The records come from files a person chose (an upload, the CLI): each file's kind is checked
   * from its first records before anything is written, and a mismatch refuses the run.
   */
  checkKinds?: boolean;
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
  /**
   * Truncate only: the largest share (0–1) of a source's records that may be skipped for the run
   * to replace the stored data (default {@link DEFAULT_MAX_SKIPPED_SHARE}). A source with no usable
   * record never replaces anything.
   */
  maxSkippedShare?: number;
  onProgress?: (progress: IngestProgress) => void;
}

/** Truncate refuses when more than this share of a source's records was skipped. */
export const DEFAULT_MAX_SKIPPED_SHARE = 0.1;

export interface MissionSummary {
  id: string;
  key: string;
  name: string;
  week: number | null;
  points: number | null;
  attempts: number;
  /** Distinct users who completed it (docs/product/missions.md §M-7). */
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
  /** Where the first few skipped records of each reason are, e.g. { "missing id": ["record 3 (line 12)"] }. */
  skippedRecords: Record<string, string[]>;
  missions: MissionSummary[];
  attempts: number;
  completions: number;
  participants: number;
}

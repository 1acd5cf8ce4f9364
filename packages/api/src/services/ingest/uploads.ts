// Export files the web app received for a reload, handed to the reload procedure by an id: the
// procedure never takes a path from its input, so a caller cannot point a reload at a server file.
import { randomUUID } from "node:crypto";
import type { OpenWebUiClient } from "../openwebui/client";

export const UPLOAD_KINDS = ["chats", "models", "users"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

export interface StagedFile {
  kind: UploadKind;
  /** The name the browser gave (display and audit only). */
  name: string;
  bytes: number;
  /** Where the web app stored it. */
  path: string;
}

export interface StagedUpload {
  files: StagedFile[];
  /** Removes the files (the reload calls it when it has ended). */
  dispose(): Promise<void>;
}

/** An upload not taken within this time is removed. */
const DEFAULT_TTL_MS = 10 * 60_000;

/**
 * Uploads waiting for their reload, by an unguessable id; each can be taken once. Kept in the
 * memory of the process that received the files (the same one that starts the reload).
 */
export class UploadStaging {
  readonly #waiting = new Map<string, { upload: StagedUpload; expiresAt: number }>();
  constructor(
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Keeps `upload` for its reload; returns its id. */
  stage(upload: StagedUpload): string {
    this.#expire();
    const id = randomUUID();
    this.#waiting.set(id, { upload, expiresAt: this.clock() + this.ttlMs });
    return id;
  }

  /** The upload with this id, removed from the waiting list; null when unknown or expired. */
  take(id: string): StagedUpload | null {
    this.#expire();
    const entry = this.#waiting.get(id);
    this.#waiting.delete(id);
    return entry?.upload ?? null;
  }

  #expire() {
    const now = this.clock();
    for (const [id, entry] of this.#waiting)
      if (entry.expiresAt <= now) {
        this.#waiting.delete(id);
        void entry.upload.dispose().catch(() => {});
      }
  }
}

/** Where reloads read from: the OpenWebUI API (null when not configured) and received uploads. */
export interface IngestInputs {
  openWebUi: OpenWebUiClient | null;
  uploads: UploadStaging;
  /** A truncate refuses when more than this share of a source's records is skipped (default 0.1). */
  maxSkippedShare?: number;
}

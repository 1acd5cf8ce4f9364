// Polling through the typed /api/trpc client for the pages' live parts (ADR: live parts and
// artwork): job progress on /admin/data and /admin/missions, the bell's count. The page renders
// the server's value first (no JavaScript needed to see it); with JavaScript the value is
// refreshed in place. One request at a time: the next starts an interval after the last answer,
// and leaving the page aborts the one in flight.
import type { RouterOutputs } from "@missionboard/api";
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { type ApiClient, browserApi } from "./trpc-client";

/** What a progress display reads of a job (no dates: the loader and the HTTP client agree on these). */
export type LiveJob = Pick<
  NonNullable<RouterOutputs["reload"]["current"]>,
  "id" | "kind" | "status" | "phase" | "processed" | "total" | "percent" | "error" | "params"
>;

export interface LivePollOptions<T> {
  /** Milliseconds between the end of one request and the start of the next. */
  intervalMs: number;
  /** Whether to keep polling with this value (default: always). */
  active?: (value: T) => boolean;
  /** Skip the request this time (e.g. the tab is hidden); the next interval asks again. */
  skip?: () => boolean;
  /** Ask at once when the tab becomes visible again. */
  refreshOnFocus?: boolean;
}

/** `initial` (the loader's value), kept fresh by calling `query` every `intervalMs` while `active`. */
export function useLivePoll<T>(initial: T, query: (api: ApiClient, signal: AbortSignal) => Promise<T>, options: LivePollOptions<T>): T {
  const [value, setValue] = useState(initial);
  const latest = useRef({ query, options });
  latest.current = { query, options };
  // A new server render (navigation, revalidation) is newer than what was polled.
  useEffect(() => setValue(initial), [initial]);
  const running = options.active ? options.active(value) : true;
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const tick = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        if (latest.current.options.skip?.()) return tick(latest.current.options.intervalMs);
        try {
          const next = await latest.current.query(browserApi(), controller.signal);
          if (controller.signal.aborted) return;
          setValue(next);
          tick(latest.current.options.intervalMs);
        } catch {
          // Offline, signed out or the server restarting: try again later, more slowly.
          if (!controller.signal.aborted) tick(latest.current.options.intervalMs * 5);
        }
      }, delay);
    };
    tick(latest.current.options.intervalMs);
    const onVisible = () => {
      if (latest.current.options.refreshOnFocus && document.visibilityState === "visible") tick(0);
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [running]);
  return value;
}

/**
 * A background job's live progress: polls every second while a job runs and, once it has
 * finished, reloads the page's data so its results (history, counts) show.
 */
export function useJobProgress<T>(
  initial: T,
  query: (api: ApiClient, signal: AbortSignal) => Promise<T>,
  running: (value: T) => boolean,
): T {
  const value = useLivePoll(initial, query, { intervalMs: 1000, active: running });
  const revalidator = useRevalidator();
  const wasRunning = useRef(running(initial));
  const isRunning = running(value);
  useEffect(() => {
    if (isRunning) wasRunning.current = true;
    else if (wasRunning.current && revalidator.state === "idle") {
      wasRunning.current = false;
      revalidator.revalidate();
    }
  }, [isRunning, revalidator]);
  return value;
}

export interface LiveSearch<T> {
  /** What was typed (null before the first keystroke: show the server's results). */
  query: string | null;
  /** The answer for `query`, or null until it arrives (and before the first keystroke). */
  result: T | null;
  pending: boolean;
  /** Wire to the search input's onChange. */
  setQuery: (q: string) => void;
}

/**
 * Search as you type: `search` runs `debounceMs` after the last keystroke; a newer keystroke aborts
 * the request still in flight, so an older answer can never overwrite a newer one. The form around
 * the input still submits normally (and works without JavaScript).
 */
export function useLiveSearch<T>(search: (api: ApiClient, q: string, signal: AbortSignal) => Promise<T>, debounceMs = 250): LiveSearch<T> {
  const [query, setQueryState] = useState<string | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const [pending, setPending] = useState(false);
  const latest = useRef(search);
  latest.current = search;
  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    setPending(true);
    const timer = setTimeout(() => {
      latest.current(browserApi(), query, controller.signal).then(
        (answer) => {
          if (controller.signal.aborted) return;
          setResult(answer);
          setPending(false);
        },
        () => {
          if (!controller.signal.aborted) setPending(false);
        },
      );
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, debounceMs]);
  return { query, result, pending, setQuery: setQueryState };
}

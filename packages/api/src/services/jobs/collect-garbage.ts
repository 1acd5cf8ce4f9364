// A full garbage collection, for a job between two phases that each need a large working set (the
// credits report: docs/decisions/028-credits-as-jobs.md, Addendum 3). V8 sizes its heap against its
// limit, which Node derives from the machine's memory, so on a large machine it lets the first
// phase's garbage pile up while the next phase allocates, and the process's peak memory is both
// phases' together. Collecting in between costs one pause of tens of milliseconds.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/**
 * Runs V8's full collection now. V8 hands its `gc` function only to contexts made while
 * `--expose-gc` is on, so the flag is switched on for one new context and off again: the app's
 * own global object never gets a `gc` (the way jest's leak detector does it).
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
    setFlagsFromString("--no-expose-gc");
  }
  gc();
}

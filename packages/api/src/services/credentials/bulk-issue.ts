// Bulk issue: a credential under the current key for every live award that lacks one, as a job
// (kind `credentials`, its own lease) in small transactions with progress. Idempotent: an award
// issued meanwhile (by its learner's download) is skipped by issueCredential itself.
import { awardsLackingCredential, countAwardsLackingCredential } from "@missionboard/db";
import type { AppSettings } from "../../context";
import type { JobDefinition } from "../jobs/runner";
import { currentKey, type EvidenceSource, issueCredential } from "./service";

/** Awards per transaction: each signs two documents (a few ms), so a batch stays short. */
export const BULK_ISSUE_BATCH = 25;

export interface BulkIssueResult {
  issued: number;
  skipped: number;
  keyVersion: number;
}

export function bulkIssueJob(options: {
  settings: AppSettings;
  triggeredBy: string | null;
  evidence?: EvidenceSource;
  begin?: JobDefinition<unknown>["begin"];
}): JobDefinition<BulkIssueResult> {
  return {
    kind: "credentials",
    triggeredBy: options.triggeredBy,
    begin: options.begin,
    async run(job) {
      const { version, total } = await job.store.tx(async (c) => {
        const key = await currentKey(c, options.settings, job.now());
        return { version: key.version, total: await countAwardsLackingCredential(c, key.version) };
      });
      await job.progress({ processed: 0, total, phase: "issuing" });
      let issued = 0;
      let skipped = 0;
      // Every batch shrinks the work list; the bound stops a run that makes no progress.
      for (let round = 0; round <= Math.ceil(total / BULK_ISSUE_BATCH) + 1; round++) {
        job.lease.check();
        const done = await job.store.tx(async (c) => {
          await job.lease.renewIn(c, job.now());
          const ids = await awardsLackingCredential(c, version, BULK_ISSUE_BATCH);
          let made = 0;
          for (const id of ids) if ((await issueCredential(c, options.settings, id, job.now(), options.evidence)).created) made++;
          await job.progress({ processed: Math.min(total, issued + made), total, phase: "issuing" }, c);
          return { seen: ids.length, made };
        });
        issued += done.made;
        skipped += done.seen - done.made;
        if (done.seen < BULK_ISSUE_BATCH) break;
      }
      return { issued, skipped, keyVersion: version };
    },
    summarise: (r) => ({ issued: r.issued, skipped: r.skipped, keyVersion: r.keyVersion }),
  };
}

// Open Badges 3.0 credentials (docs/product/credentials.md, ADR 030): a learner's downloads and
// public page, the issuer's public documents (DID document, profile, status list), and the staff's
// bulk issue and key rotation.
import { buildAuditEntry, NotFoundError, type Permission } from "@missionboard/core";
import {
  type Conn,
  credentialsOfUser,
  currentJobRun,
  findCredentialById,
  insertAuditEntry,
  listCredentialKeys,
  listJobRuns,
  liveAwardsOf,
  setCredentialVisibility,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { bulkIssueJob } from "../services/credentials/bulk-issue";
import {
  CREDENTIAL_MESSAGES,
  currentKey,
  didDocument,
  issueCredential,
  issuerInfo,
  issuerProfile,
  rotateKey,
  statusListJson,
  verifyAgainstIssuer,
} from "../services/credentials/service";
import { jobView } from "../services/jobs/view";
import { permissionProcedure, publicProcedure, router } from "../trpc";

export const CredentialItemSchema = z.object({ itemId: z.uuid("Choose one of your badges.") });
export const CredentialIdSchema = z.object({ id: z.uuid("That credential does not exist.") });
/** An unticked checkbox sends nothing: absent means off. */
export const VisibilitySchema = CredentialIdSchema.extend({ isPublic: z.boolean().default(false), showName: z.boolean().default(false) });

/** Most credentials a learner's page lists (one per award and key version). */
export const CREDENTIALS_PER_LEARNER = 500;

const OWN: Permission = "credentials.own";

/** The learner's live award of an item, else NotFound (someone else's badge looks the same as none). */
async function ownLiveAward(c: Conn, userId: string, itemId: string) {
  const award = (await liveAwardsOf(c, userId)).find((a) => a.itemId === itemId);
  if (!award) throw new NotFoundError(CREDENTIAL_MESSAGES.noAward);
  return award;
}

const keySummary = async (ctx: Context) =>
  ctx.db.read(async (c) =>
    (await listCredentialKeys(c)).map((k) => ({
      version: k.version,
      createdAt: k.createdAt,
      retiredAt: k.retiredAt,
      publicKeyMultibase: k.publicKeyMultibase,
    })),
  );

export const credentialRouter = router({
  /** The learner's credentials of live awards, one per award (the newest key version's). */
  mine: permissionProcedure(OWN).query(({ ctx }) =>
    ctx.db.read(async (c) => {
      const rows = await credentialsOfUser(c, ctx.user.id, CREDENTIALS_PER_LEARNER);
      const byAward = new Map<string, (typeof rows)[number]>();
      for (const row of rows) if (!byAward.has(row.awardId)) byAward.set(row.awardId, row);
      return [...byAward.values()];
    }),
  ),

  /**
   * The learner's credential for one of their live awards, issued now under the current key if it
   * was not yet (idempotent): the signed JSON, its VC-JWT form and the item for the baked PNG.
   */
  download: permissionProcedure(OWN)
    .input(CredentialItemSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      return ctx.db.tx(async (c) => {
        const award = await ownLiveAward(c, ctx.user.id, input.itemId);
        const { id } = await issueCredential(c, ctx.settings, award.id, now);
        const row = await findCredentialById(c, id);
        if (!row) throw new NotFoundError(CREDENTIAL_MESSAGES.notFound);
        return { id, itemId: award.itemId, json: row.signedJson, jwt: row.jwt };
      });
    }),

  /** Turns the public verification page on or off, and whether it shows the learner's name. */
  setVisibility: permissionProcedure(OWN)
    .input(VisibilitySchema)
    .mutation(async ({ ctx, input }) => {
      const ok = await ctx.db.tx((c) => setCredentialVisibility(c, { ...input, userId: ctx.user.id }));
      if (!ok) throw new NotFoundError(CREDENTIAL_MESSAGES.notFound);
      return { id: input.id, isPublic: input.isPublic, showName: input.isPublic && input.showName };
    }),

  /**
   * The public verification page of a credential its learner made public: the proof and the
   * status checked now. Private and unknown credentials are the same NotFound.
   */
  publicView: publicProcedure.input(CredentialIdSchema).query(({ ctx, input }) =>
    ctx.db.read(async (c) => {
      const row = await findCredentialById(c, input.id);
      if (!row?.isPublic) throw new NotFoundError(CREDENTIAL_MESSAGES.notFound);
      const credential = JSON.parse(row.signedJson) as {
        name?: string;
        validFrom?: string;
        credentialSubject?: { achievement?: { name?: string; description?: string } };
      };
      const outcome = await verifyAgainstIssuer(c, ctx.settings, credential, ctx.now());
      const issuer = issuerInfo(ctx.settings);
      return {
        id: row.id,
        itemId: row.itemId,
        badge: credential.credentialSubject?.achievement?.name ?? credential.name ?? "Badge",
        description: credential.credentialSubject?.achievement?.description ?? null,
        issuerName: issuer.name,
        issuerUrl: issuer.url,
        validFrom: credential.validFrom ?? null,
        learnerName: row.showName ? row.learnerName : null,
        verified: outcome.verified,
        revoked: outcome.revoked === true,
        revokedAt: outcome.revoked ? row.revokedAt : null,
        problems: outcome.problems.slice(0, 5),
      };
    }),
  ),

  /** The issuer's DID document (did:web of APP_URL); the first key is made here if none exists yet. */
  didDocument: publicProcedure.query(({ ctx }) =>
    ctx.db.tx(async (c) => {
      if (ctx.settings.credentials?.keySecret !== null) await currentKey(c, ctx.settings, ctx.now());
      return didDocument(c, ctx.settings);
    }),
  ),

  /** The issuer profile as JSON-LD (/issuer). */
  issuerProfile: publicProcedure.query(({ ctx }) => issuerProfile(ctx.settings)),

  /** The signed BitstringStatusListCredential (/credentials/status/1); NotFound before the first credential. */
  statusList: publicProcedure.query(async ({ ctx }) => {
    const json = await ctx.db.read(statusListJson);
    if (!json) throw new NotFoundError("No status list has been published yet.");
    return { json };
  }),

  /** What the staff page shows: the keys, the job running now and the last bulk issue. */
  overview: permissionProcedure("credentials.issue").query(async ({ ctx }) => {
    const keys = await keySummary(ctx);
    return ctx.db.read(async (c) => {
      const running = await currentJobRun(c, "credentials", ctx.now());
      const [last] = await listJobRuns(c, { kinds: ["credentials"], limit: 1 });
      return { keys, running: running ? jobView(running) : null, last: last ? jobView(last) : null };
    });
  }),

  /** Starts a bulk issue for past awards (job `credentials`, its own lease); audited with the run id. */
  bulkIssue: permissionProcedure("credentials.issue").mutation(async ({ ctx }) => {
    const job = bulkIssueJob({
      settings: ctx.settings,
      triggeredBy: ctx.user.id,
      begin: async (conn, run) => {
        await insertAuditEntry(
          conn,
          buildAuditEntry(
            {
              actorId: ctx.user.id,
              action: "credential.bulk_issue_started",
              entityType: "job",
              entityId: run.id,
              metadata: {},
              requestId: ctx.requestId,
            },
            run.startedAt,
          ),
        );
      },
    });
    const { runId } = await ctx.jobs.start(job);
    return { runId };
  }),

  /** A new signing key; the old ones are kept as retired (old credentials stay verifiable). Audited. */
  rotateKey: permissionProcedure("credentials.keys").mutation(async ({ ctx }) => {
    const now = ctx.now();
    return ctx.db.tx((c) => rotateKey(c, ctx.settings, ctx.user.id, now, ctx.requestId));
  }),
});

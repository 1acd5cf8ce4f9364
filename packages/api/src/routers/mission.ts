import {
  type AuditAction,
  type AuditMetadata,
  aliasKey,
  aliasOwners,
  buildAuditEntry,
  ConflictError,
  DomainError,
  dedupeAliases,
  describeModelChange,
  JOB_LEASES,
  type MissionDefinition,
  MissionEditFieldsSchema,
  MissionLinkSchema,
  MissionMarkerSchema,
  markerListProblem,
  missionFromModel,
  NotFoundError,
  normaliseModelRecord,
  parseCampaignManifest,
  planAliasEdit,
  planManifestImport,
  planModelLink,
  RuleViolationError,
} from "@missionboard/core";
import {
  type Conn,
  currentJobRun,
  decideMissionChange,
  findMissionById,
  findOwuiModel,
  insertAuditEntry,
  insertMissionRow,
  isUniqueViolation,
  listJobRuns,
  listMissionChanges,
  listMissionRows,
  listOwuiModelRows,
  loadMissionRows,
  type MissionFields,
  type MissionRow,
  missionActivityCounts,
  updateMissionRow,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { redetectJob } from "../services/ingest/redetect";
import { previewRescore, rescoreJob } from "../services/ingest/rescore";
import { jobView } from "../services/jobs/view";
import { permissionProcedure, router } from "../trpc";

export const MISSION_ERRORS = {
  notFound: "That mission does not exist.",
  modelNotFound: "That model has not been seen in the OpenWebUI data; reload the data first.",
  missionKeyNotFound: "There is no mission with that key.",
  alreadyMission: "This model is already a mission of its own.",
  invalidManifest: "The campaign manifest has problems; nothing was imported.",
  emptyManifest: "The campaign manifest lists no challenges; nothing was imported.",
} as const;

/** Largest campaign manifest accepted (campaign.json is about 60 KB). */
export const MANIFEST_MAX_BYTES = 5 * 1024 * 1024;
export const MARKERS_MAX = 100;
export const ALIASES_MAX = 100;

const MissionIdSchema = z.uuid("Unknown mission.");
export const MissionIdInputSchema = z.object({ id: MissionIdSchema });
export const DecideChangeInputSchema = z.object({
  id: z.uuid("Unknown change."),
  decision: z.enum(["accept", "dismiss"], "Accept or dismiss."),
});

/** Absent fields stay as they are; `null` clears week, points or difficulty. */
export const UpdateMissionInputSchema = MissionEditFieldsSchema.partial().extend({
  id: MissionIdSchema,
  aliases: z
    .array(z.string().trim().min(1, "An alias cannot be empty.").max(200, "An alias is at most 200 characters."))
    .max(ALIASES_MAX, `At most ${ALIASES_MAX} aliases.`)
    .optional(),
  markers: z.array(MissionMarkerSchema).max(MARKERS_MAX, `At most ${MARKERS_MAX} markers.`).optional(),
  /** Also accept the default completion phrases ("mission accomplished", …). */
  includeDefaultMarkers: z.boolean().optional(),
  briefingReplyCounts: z.boolean().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateMissionInput = z.input<typeof UpdateMissionInputSchema>;

export const ImportManifestInputSchema = z.object({
  /** The raw JSON text (the web app checks the upload's size before reading it). */
  text: z
    .string("Choose a campaign manifest (.json).")
    .min(1, "Choose a campaign manifest (.json).")
    .max(MANIFEST_MAX_BYTES, `The manifest must be ${MANIFEST_MAX_BYTES / 1024 / 1024} MB or smaller.`),
});

/** An import refused with the list of problems, each naming where in the file it is. */
export class ManifestRefusedError extends RuleViolationError {
  override name = "ManifestRefusedError";
  constructor(readonly problems: string[]) {
    super(`${MISSION_ERRORS.invalidManifest}\n${problems.join("\n")}`, "file");
  }
}

/** Fields whose change alters which chats count or complete: stored chats are re-scored. */
const DETECTION_FIELDS = ["aliases", "markers", "includeDefaultMarkers", "briefingReplyCounts", "isActive"] as const;

/**
 * What became of the re-detection of the stored chats a change needs (the change itself is
 * committed either way): started as a job, queued behind the analytics job running now (it runs
 * when that one ends), or not possible now.
 */
export type DetectionRefresh =
  | { status: "started"; runId: string }
  | { status: "queued"; message: string }
  | { status: "failed"; message: string };

/** Starts (or queues) the re-detection of the stored chats; returns at once (no refetch, no waiting). */
async function refreshDetection(
  ctx: Pick<Context, "jobs" | "user" | "settings" | "mail">,
  missionId: string | null,
): Promise<DetectionRefresh> {
  try {
    const res = await ctx.jobs.startOrQueue(
      redetectJob({ triggeredBy: ctx.user?.id ?? null, missionId, notices: { settings: ctx.settings, mail: ctx.mail } }),
    );
    if ("started" in res) return { status: "started", runId: res.started.runId };
    return {
      status: "queued",
      message: `${res.busy.message.replace(/ Wait for it to finish, then try again\.$/, "")} The stored chats are re-scored when it ends.`,
    };
  } catch (error) {
    return {
      status: "failed",
      message:
        error instanceof DomainError
          ? `Saved, but the stored chats could not be re-scored now: ${error.message}`
          : "Saved, but the stored chats could not be re-scored; the next reload will apply the change.",
    };
  }
}

function audit(
  c: Conn,
  ctx: Pick<Context, "requestId">,
  actorId: string,
  action: AuditAction,
  entityId: string | null,
  now: Date,
  metadata: AuditMetadata,
) {
  return insertAuditEntry(
    c,
    buildAuditEntry({ actorId, action, entityType: "mission", entityId, metadata, requestId: ctx.requestId }, now),
  );
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The stored fields of a definition (from a manifest or a model). */
const fieldsOf = (def: MissionDefinition): MissionFields => ({
  name: def.name,
  week: def.week,
  points: def.points,
  difficulty: def.difficulty,
  aliases: dedupeAliases(def.aliases),
  markers: [...def.markers],
  includeDefaultMarkers: def.includeDefaultMarkers ?? def.markers.length === 0,
  briefingReplyCounts: def.briefingReplyCounts,
  startTriggers: [...def.startTriggers],
  isActive: true,
});

export interface MissionView {
  id: string;
  key: string;
  name: string;
  week: number | null;
  points: number | null;
  difficulty: string | null;
  aliases: string[];
  markers: unknown[];
  includeDefaultMarkers: boolean;
  briefingReplyCounts: boolean;
  startTriggers: string[];
  isActive: boolean;
  origin: MissionRow["origin"];
  updatedAt: Date;
  attempts: number;
  completedAttempts: number;
  /** Distinct users who completed it (docs/product/missions.md §M-7). */
  completions: number;
}

export const missionRouter = router({
  /** Every mission with its settings and how many attempts and completions it has. */
  list: permissionProcedure("missions.manage").query(async ({ ctx }) => {
    const { rows, activity } = await ctx.db.read(async (c) => ({
      rows: await listMissionRows(c),
      activity: await missionActivityCounts(c),
    }));
    return rows.map((m): MissionView => {
      const a = activity.get(m.id);
      return {
        id: m.id,
        key: m.key,
        name: m.name,
        week: m.week,
        points: m.points,
        difficulty: m.difficulty,
        aliases: m.aliases,
        markers: m.markers,
        includeDefaultMarkers: m.includeDefaultMarkers,
        briefingReplyCounts: m.briefingReplyCounts,
        startTriggers: m.startTriggers,
        isActive: m.isActive,
        origin: m.origin,
        updatedAt: m.updatedAt,
        attempts: a?.attempts ?? 0,
        completedAttempts: a?.completedAttempts ?? 0,
        completions: a?.completions ?? 0,
      };
    });
  }),

  /**
   * Every OpenWebUI model seen, tagged or not, with the mission it counts as: the owner of its id
   * (else of its name) by core's alias rule (registry-rules.ts), the one detection uses; or none.
   */
  models: permissionProcedure("missions.manage").query(async ({ ctx }) => {
    const { models, missions } = await ctx.db.read(async (c) => ({
      models: await listOwuiModelRows(c),
      missions: await loadMissionRows(c),
    }));
    const owners = aliasOwners(missions);
    return models.map((m) => {
      const mission = owners.get(aliasKey(m.id)) ?? owners.get(aliasKey(m.name)) ?? null;
      return {
        id: m.id,
        name: m.name,
        tags: m.tags,
        missionTagged: m.missionTagged,
        updatedAt: m.updatedAt,
        mission: mission ? { id: mission.id, key: mission.key, name: mission.name, isActive: mission.isActive } : null,
      };
    });
  }),

  /**
   * The analytics job running now (a reload, a re-detection or a re-score, with its progress) and
   * the latest re-detections and re-scores with their outcome.
   */
  activity: permissionProcedure("missions.manage").query(async ({ ctx }) => {
    const { current, recent } = await ctx.db.read(async (c) => ({
      current: await currentJobRun(c, JOB_LEASES.redetect, ctx.now()),
      recent: await listJobRuns(c, { kinds: ["redetect", "rescore"], statuses: ["succeeded", "failed"], limit: 5 }),
    }));
    return { current: current ? jobView(current) : null, recent: recent.map(jobView) };
  }),

  /**
   * Edits a mission. Every marker is compiled with core's guard (a bad or unsafe regex is a field
   * error); an alias another mission owns is refused (core's planAliasEdit). When aliases,
   * markers, the first-reply rule or the active flag change, the re-detection of the stored chats
   * starts as a job (or is queued behind the running one): the edit returns at once.
   */
  update: permissionProcedure("missions.manage")
    .input(UpdateMissionInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const { id, ...patch } = input;
      if (patch.markers) {
        const problem = markerListProblem(patch.markers);
        if (problem) throw new RuleViolationError(problem, "markers");
      }
      const result = await ctx.db.tx(async (c) => {
        const mission = await findMissionById(c, id);
        if (!mission) throw new NotFoundError(MISSION_ERRORS.notFound);
        if (patch.aliases) {
          const plan = planAliasEdit(await loadMissionRows(c), mission.id, patch.aliases);
          if (!plan.ok) throw new RuleViolationError(plan.message, "aliases");
          patch.aliases = plan.aliases;
        }
        const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter(
          (k) => patch[k] !== undefined && !sameJson(patch[k], mission[k]),
        );
        if (changed.length === 0) return { mission, changed };
        const updated = await updateMissionRow(c, id, patch as Partial<MissionFields>, now);
        if (!updated) throw new NotFoundError(MISSION_ERRORS.notFound);
        const metadata: AuditMetadata = { key: mission.key, name: updated.name, changed: changed.join(",") };
        for (const k of ["week", "points", "difficulty", "isActive", "briefingReplyCounts"] as const)
          if (changed.includes(k)) Object.assign(metadata, { [`${k}From`]: mission[k], [`${k}To`]: updated[k] });
        if (changed.includes("aliases")) metadata.aliases = updated.aliases.join(" | ");
        if (changed.includes("markers")) metadata.markers = updated.markers.length;
        await audit(c, ctx, ctx.user.id, "mission.updated", id, now, metadata);
        return { mission: updated, changed };
      });
      const detection = result.changed.some((k) => (DETECTION_FIELDS as readonly string[]).includes(k))
        ? await refreshDetection(ctx, id)
        : null;
      return {
        id,
        key: result.mission.key,
        name: result.mission.name,
        changed: result.changed,
        detection,
        /** Points changed: past completions keep theirs until an admin re-scores (docs/product/missions.md §M-8). */
        rescoreSuggested: result.changed.includes("points"),
      };
    }),

  /**
   * Links an OpenWebUI model to a mission (docs/product/missions.md §M-1) as core's planModelLink decides: with
   * `missionKey`, the model's id (and its name, unless another mission owns it) become aliases of
   * that mission; without, the model becomes a mission of its own (origin "admin"). The stored
   * chats are re-detected afterwards, as a job.
   */
  link: permissionProcedure("missions.manage")
    .input(MissionLinkSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db
        .tx(async (c) => {
          const model = await findOwuiModel(c, input.modelId);
          if (!model) throw new NotFoundError(MISSION_ERRORS.modelNotFound);
          const missions = await loadMissionRows(c);
          const plan = planModelLink(missions, model, input.missionKey);
          if (plan.kind === "refused") {
            if (plan.reason === "no-mission") throw new RuleViolationError(MISSION_ERRORS.missionKeyNotFound, "missionKey");
            throw new ConflictError(plan.reason === "own-mission" ? MISSION_ERRORS.alreadyMission : plan.message);
          }
          if (plan.kind === "add") {
            const target = missions.find((m) => m.id === plan.missionId) as MissionRow;
            if (plan.added > 0) await updateMissionRow(c, target.id, { aliases: plan.aliases }, now);
            await audit(c, ctx, ctx.user.id, "mission.linked", target.id, now, {
              modelId: model.id,
              modelName: model.name,
              missionKey: target.key,
              created: false,
              aliasesAdded: plan.added,
            });
            return { missionId: target.id, key: target.key, name: target.name, created: false, changed: plan.added > 0 };
          }
          const { model: normalised } = normaliseModelRecord({ id: model.id, name: model.name, tags: model.tags, params: model.params });
          const def = normalised
            ? missionFromModel(normalised, "admin")
            : missionFromModel(
                {
                  id: model.id,
                  name: model.name,
                  aliases: [model.id, model.name],
                  tags: model.tags,
                  isMission: model.missionTagged,
                  isActive: true,
                  week: null,
                  weekSource: null,
                  points: null,
                  pointsSource: null,
                  difficulty: null,
                  difficultySource: null,
                  completionMarkers: [],
                  briefingReplyCounts: false,
                },
                "admin",
              );
          const row = await insertMissionRow(c, { ...fieldsOf(def), aliases: plan.aliases, key: plan.key, origin: "admin" }, now);
          await audit(c, ctx, ctx.user.id, "mission.linked", row.id, now, {
            modelId: model.id,
            modelName: model.name,
            missionKey: row.key,
            created: true,
          });
          return { missionId: row.id, key: row.key, name: row.name, created: true, changed: true };
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new ConflictError(MISSION_ERRORS.alreadyMission);
          throw error;
        });
      return { ...result, detection: result.changed ? await refreshDetection(ctx, result.missionId) : null };
    }),

  /**
   * Imports a campaign manifest (campaign.json) as core's planManifestImport decides: a challenge
   * updates the mission with its key, or the mission whose model it names, or is created (origin
   * "manifest"); an alias another mission owns is left out with a warning, so an import never makes
   * two missions share one. The whole file is checked first (JSON, challenges, markers); any error
   * refuses the import with the problems listed by path and nothing is written. Aliases an admin
   * added are kept. The stored chats are re-detected afterwards, as a job.
   */
  importManifest: permissionProcedure("missions.manage")
    .input(ImportManifestInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      let json: unknown;
      try {
        json = JSON.parse(input.text);
      } catch (error) {
        throw new ManifestRefusedError([`#root: not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
      }
      const { missions, problems } = parseCampaignManifest(json);
      const errors = problems.filter((p) => p.severity === "error").map((p) => p.message);
      for (const def of missions) {
        const problem = markerListProblem(def.markers);
        if (problem) errors.push(`mission ${def.key}: ${problem}`);
      }
      if (errors.length) throw new ManifestRefusedError(errors);
      if (missions.length === 0) throw new RuleViolationError(MISSION_ERRORS.emptyManifest, "file");
      const warnings = problems.filter((p) => p.severity === "warning").map((p) => p.message);

      const counts = await ctx.db
        .tx(async (c) => {
          const plan = planManifestImport(await loadMissionRows(c), missions);
          warnings.push(...plan.warnings);
          for (const u of plan.updates) {
            const { isActive: _keepActive, ...rest } = fieldsOf(u.definition);
            await updateMissionRow(c, u.missionId, { ...rest, aliases: u.aliases }, now);
          }
          for (const def of plan.creates) await insertMissionRow(c, { ...fieldsOf(def), key: def.key, origin: "manifest" }, now);
          await audit(c, ctx, ctx.user.id, "mission.imported", null, now, {
            missions: missions.length,
            created: plan.creates.length,
            updated: plan.updates.length,
            warnings: warnings.length,
            keys: missions.map((m) => m.key).join(", "),
          });
          return { created: plan.creates.length, updated: plan.updates.length };
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error))
            throw new ConflictError("A mission with one of these keys was added meanwhile; nothing was imported.");
          throw error;
        });
      return { missions: missions.length, ...counts, warnings, detection: await refreshDetection(ctx, null) };
    }),

  /**
   * What re-scoring a mission would change (docs/product/missions.md §M-8): its completions, how many would move
   * from which points to which, and how many people that affects — counts only.
   */
  rescorePreview: permissionProcedure("missions.manage")
    .input(MissionIdInputSchema)
    .query(async ({ ctx, input }) => {
      return ctx.db.read(async (c) => {
        const mission = await findMissionById(c, input.id);
        if (!mission) throw new NotFoundError(MISSION_ERRORS.notFound);
        const { changes: _groups, ...preview } = await previewRescore(c, mission);
        return preview;
      });
    }),

  /**
   * Applies a mission's current points to its past completions, as a job (progress on
   * /admin/missions) under the analytics lease; audited with the counts. Refused while another
   * analytics job runs.
   */
  rescore: permissionProcedure("missions.manage")
    .input(MissionIdInputSchema)
    .mutation(async ({ ctx, input }) => {
      const mission = await ctx.db.read((c) => findMissionById(c, input.id));
      if (!mission) throw new NotFoundError(MISSION_ERRORS.notFound);
      const { runId } = await ctx.jobs.start(
        rescoreJob({
          missionId: mission.id,
          actorId: ctx.user.id,
          requestId: ctx.requestId,
          notices: { settings: ctx.settings, mail: ctx.mail },
        }),
      );
      return { runId, missionId: mission.id, name: mission.name };
    }),

  /**
   * Values that changed in OpenWebUI for models that count as missions (tag, week, points), seen by
   * a reload and waiting for an admin to accept or dismiss.
   */
  changes: permissionProcedure("missions.manage").query(async ({ ctx }) => {
    const rows = await ctx.db.read((c) => listMissionChanges(c, "pending"));
    return rows.map((r) => ({
      id: r.id,
      missionId: r.missionId,
      missionKey: r.missionKey,
      missionName: r.missionName,
      modelId: r.modelId,
      field: r.field,
      from: r.change.from,
      to: r.change.to,
      detectedAt: r.detectedAt,
      description: describeModelChange({ field: r.field, from: r.change.from, to: r.change.to }, r.modelId),
    }));
  }),

  /**
   * Accepts a proposed change (the mission takes OpenWebUI's value: week, points, or active for the
   * tag) or dismisses it; audited. Accepting new points does not touch past completions: the
   * answer suggests the re-score (preview, then apply). A tag change re-detects the stored chats.
   */
  decideChange: permissionProcedure("missions.manage")
    .input(DecideChangeInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db.tx(async (c) => {
        const decided = await decideMissionChange(c, input.id, input.decision === "accept" ? "accepted" : "dismissed", ctx.user.id, now);
        if (!decided) throw new ConflictError("That change was already decided, or it does not exist.");
        const mission = await findMissionById(c, decided.missionId);
        if (!mission) throw new NotFoundError(MISSION_ERRORS.notFound);
        const { field, change } = decided;
        let patch: Partial<MissionFields> = {};
        if (input.decision === "accept") {
          if (field === "tag") patch = { isActive: change.to === true };
          else if (field === "week") patch = { week: typeof change.to === "number" ? change.to : null };
          else patch = { points: typeof change.to === "number" ? change.to : null };
          await updateMissionRow(c, mission.id, patch, now);
        }
        await audit(
          c,
          ctx,
          ctx.user.id,
          input.decision === "accept" ? "mission.change_accepted" : "mission.change_dismissed",
          mission.id,
          now,
          {
            key: mission.key,
            modelId: decided.modelId,
            field,
            from: typeof change.from === "object" ? null : change.from,
            to: typeof change.to === "object" ? null : change.to,
          },
        );
        return { mission, field, accepted: input.decision === "accept" };
      });
      const detection = result.accepted && result.field === "tag" ? await refreshDetection(ctx, result.mission.id) : null;
      return {
        missionId: result.mission.id,
        name: result.mission.name,
        field: result.field,
        accepted: result.accepted,
        detection,
        rescoreSuggested: result.accepted && result.field === "points",
      };
    }),
});

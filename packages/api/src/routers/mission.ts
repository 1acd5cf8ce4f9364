import {
  type AuditAction,
  type AuditMetadata,
  buildAuditEntry,
  ConflictError,
  compileMarker,
  DIFFICULTIES,
  DomainError,
  type MissionDefinition,
  MissionLinkSchema,
  MissionMarkerSchema,
  missionFromModel,
  NotFoundError,
  normaliseModelRecord,
  parseCampaignManifest,
  RuleViolationError,
} from "@missionboard/core";
import {
  type Conn,
  findMissionById,
  findMissionByKey,
  findOwuiModel,
  insertAuditEntry,
  insertMissionRow,
  isUniqueViolation,
  listMissionRows,
  listOwuiModelRows,
  type MissionFields,
  type MissionRow,
  missionActivityCounts,
  updateMissionRow,
} from "@missionboard/db";
import { z } from "zod";
import type { Context } from "../context";
import { redetect } from "../services/ingest/redetect";
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

/** Absent fields stay as they are; `null` clears week, points or difficulty. */
export const UpdateMissionInputSchema = z.object({
  id: MissionIdSchema,
  name: z.string().trim().min(1, "A mission needs a name.").max(200, "At most 200 characters.").optional(),
  week: z
    .number("The week must be a whole number.")
    .int("The week must be a whole number.")
    .min(1, "Weeks start at 1.")
    .max(520)
    .nullable()
    .optional(),
  points: z
    .number("Points must be a whole number.")
    .int("Points must be a whole number.")
    .min(0, "Points cannot be negative.")
    .max(100_000, "At most 100000 points.")
    .nullable()
    .optional(),
  difficulty: z
    .enum(DIFFICULTIES, `Choose one of: ${DIFFICULTIES.join(", ")}.`)
    .nullable()
    .optional(),
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

/** The outcome of re-scoring stored chats after a change (the change itself is committed either way). */
export type DetectionRefresh = { status: "done"; chats: number } | { status: "failed"; message: string };

/** Re-scores stored chats (no refetch). A failure is reported, not thrown: the edit is already saved. */
async function refreshDetection(ctx: Pick<Context, "db" | "now">): Promise<DetectionRefresh> {
  try {
    const summary = await redetect(ctx.db, ctx.now);
    return { status: "done", chats: summary.chats };
  } catch (error) {
    return {
      status: "failed",
      message:
        error instanceof DomainError
          ? error.message
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

const lower = (s: string) => s.trim().toLowerCase();

/** Alias → the other mission that already counts it (its key counts too), for a clear refusal. */
function aliasOwners(missions: readonly MissionRow[], exceptId: string | null): Map<string, MissionRow> {
  const owners = new Map<string, MissionRow>();
  for (const m of missions) {
    if (m.id === exceptId) continue;
    for (const a of [m.key, ...m.aliases]) if (!owners.has(lower(a))) owners.set(lower(a), m);
  }
  return owners;
}

/** The markers' first problem, as "Marker N: …", or null when every marker compiles. */
function markerProblem(markers: readonly unknown[]): string | null {
  for (const [i, marker] of markers.entries()) {
    try {
      compileMarker(marker as never);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return markers.length === 1 ? message : `Marker ${i + 1}: ${message}`;
    }
  }
  return null;
}

/** Case-insensitive de-duplication, first spelling kept. */
const dedupe = (values: readonly string[]): string[] => {
  const out: string[] = [];
  for (const v of values.map((s) => s.trim())) if (v && !out.some((o) => lower(o) === lower(v))) out.push(v);
  return out;
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The stored fields of a definition (from a manifest or a model). */
const fieldsOf = (def: MissionDefinition): MissionFields => ({
  name: def.name,
  week: def.week,
  points: def.points,
  difficulty: def.difficulty,
  aliases: dedupe(def.aliases),
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
  /** Distinct users who completed it (DECISIONS §11). */
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
   * Every OpenWebUI model seen, tagged or not, with the mission it counts for: the mission whose
   * key or aliases name the model's id or name (DECISIONS §10), or none.
   */
  models: permissionProcedure("missions.manage").query(async ({ ctx }) => {
    const { models, missions } = await ctx.db.read(async (c) => ({
      models: await listOwuiModelRows(c),
      missions: await listMissionRows(c),
    }));
    const owners = aliasOwners(missions, null);
    return models.map((m) => {
      const mission = owners.get(lower(m.id)) ?? owners.get(lower(m.name)) ?? null;
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
   * Edits a mission. Every marker is compiled with core's guard (a bad or unsafe regex is a field
   * error); an alias another mission already counts is refused. When aliases, markers or the
   * first-reply rule change, the stored chats are re-scored after the commit (no refetch).
   */
  update: permissionProcedure("missions.manage")
    .input(UpdateMissionInputSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const { id, ...patch } = input;
      if (patch.markers) {
        const problem = markerProblem(patch.markers);
        if (problem) throw new RuleViolationError(problem, "markers");
      }
      if (patch.aliases) patch.aliases = dedupe(patch.aliases);
      const result = await ctx.db.tx(async (c) => {
        const mission = await findMissionById(c, id);
        if (!mission) throw new NotFoundError(MISSION_ERRORS.notFound);
        if (patch.aliases) {
          const owners = aliasOwners(await listMissionRows(c), mission.id);
          const taken = patch.aliases.find((a) => owners.has(lower(a)));
          if (taken)
            throw new RuleViolationError(`"${taken}" already counts as the mission "${owners.get(lower(taken))?.name}".`, "aliases");
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
        ? await refreshDetection(ctx)
        : null;
      return { id, key: result.mission.key, name: result.mission.name, changed: result.changed, detection };
    }),

  /**
   * Links an OpenWebUI model to a mission (DECISIONS §10): with `missionKey`, the model's id (and
   * its name, unless another mission counts it) become aliases of that mission; without, the
   * model becomes a mission of its own (origin "admin"). Stored chats are re-scored afterwards.
   */
  link: permissionProcedure("missions.manage")
    .input(MissionLinkSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.now();
      const result = await ctx.db
        .tx(async (c) => {
          const model = await findOwuiModel(c, input.modelId);
          if (!model) throw new NotFoundError(MISSION_ERRORS.modelNotFound);
          const missions = await listMissionRows(c);
          if (input.missionKey !== undefined) {
            const target = await findMissionByKey(c, input.missionKey);
            if (!target) throw new RuleViolationError(MISSION_ERRORS.missionKeyNotFound, "missionKey");
            const owners = aliasOwners(missions, target.id);
            const other = owners.get(lower(model.id));
            if (other) throw new ConflictError(`The model ${model.id} already counts as the mission "${other.name}".`);
            const aliases = dedupe([...target.aliases, model.id, ...(owners.has(lower(model.name)) ? [] : [model.name])]);
            const added = aliases.length - target.aliases.length;
            if (added > 0) await updateMissionRow(c, target.id, { aliases }, now);
            await audit(c, ctx, ctx.user.id, "mission.linked", target.id, now, {
              modelId: model.id,
              modelName: model.name,
              missionKey: target.key,
              created: false,
              aliasesAdded: added,
            });
            return { missionId: target.id, key: target.key, name: target.name, created: false, changed: added > 0 };
          }
          const other = aliasOwners(missions, null).get(lower(model.id));
          if (other)
            throw new ConflictError(
              other.key === lower(model.id)
                ? MISSION_ERRORS.alreadyMission
                : `The model ${model.id} already counts as the mission "${other.name}".`,
            );
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
          const owners = aliasOwners(missions, null);
          const fields = fieldsOf(def);
          fields.aliases = fields.aliases.filter((a) => !owners.has(lower(a)));
          const row = await insertMissionRow(c, { ...fields, key: def.key, origin: "admin" }, now);
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
      return { ...result, detection: result.changed ? await refreshDetection(ctx) : null };
    }),

  /**
   * Imports a campaign manifest (campaign.json): missions are matched by key and updated, or
   * created (origin "manifest"). The whole file is checked first (JSON, challenges, markers); any
   * error refuses the import with the problems listed by path and nothing is written. Aliases an
   * admin added are kept. Stored chats are re-scored afterwards.
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
        const problem = markerProblem(def.markers);
        if (problem) errors.push(`mission ${def.key}: ${problem}`);
      }
      if (errors.length) throw new ManifestRefusedError(errors);
      if (missions.length === 0) throw new RuleViolationError(MISSION_ERRORS.emptyManifest, "file");
      const warnings = problems.filter((p) => p.severity === "warning").map((p) => p.message);

      const counts = await ctx.db
        .tx(async (c) => {
          let created = 0;
          let updated = 0;
          for (const def of missions) {
            const fields = fieldsOf(def);
            const existing = await findMissionByKey(c, def.key);
            if (existing) {
              const { isActive: _keepActive, ...rest } = fields;
              await updateMissionRow(c, existing.id, { ...rest, aliases: dedupe([...fields.aliases, ...existing.aliases]) }, now);
              updated++;
            } else {
              await insertMissionRow(c, { ...fields, key: def.key, origin: "manifest" }, now);
              created++;
            }
          }
          await audit(c, ctx, ctx.user.id, "mission.imported", null, now, {
            missions: missions.length,
            created,
            updated,
            warnings: warnings.length,
            keys: missions.map((m) => m.key).join(", "),
          });
          return { created, updated };
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error))
            throw new ConflictError("A mission with one of these keys was added meanwhile; nothing was imported.");
          throw error;
        });
      return { missions: missions.length, ...counts, warnings, detection: await refreshDetection(ctx) };
    }),
});

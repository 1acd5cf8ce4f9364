// Detection wiring shared by runIngest and redetect: the registry built from the missions table,
// and core's detectChat turned into attempt/completion rows with points snapshots. No I/O (only
// types from @missionboard/db), so the ingest's worker thread loads it too.
import {
  buildMissionRegistry,
  type ChatMessage,
  DETECTOR_VERSION,
  detectChat,
  type MissionDefinition,
  type MissionMarkerInput,
  MissionMarkerSchema,
  type MissionProblem,
  type MissionRegistry,
  missionProblem,
  type NormalisedChat,
  ownedAliases,
  parseDifficulty,
} from "@missionboard/core";
import type { AnalyticsMissionRow, AttemptInput, CompletionSnapshot } from "@missionboard/db";

export interface LoadedRegistry {
  registry: MissionRegistry;
  /** Mission key → missions.id. */
  idByKey: Map<string, string>;
  rows: AnalyticsMissionRow[];
  problems: MissionProblem[];
}

/** A missions row as a core definition (the row is the truth: admin edits live there). */
export function definitionOfRow(row: AnalyticsMissionRow, problems: MissionProblem[] = []): MissionDefinition {
  const markers: MissionMarkerInput[] = [];
  for (const raw of row.markers) {
    const parsed = MissionMarkerSchema.safeParse(raw);
    if (parsed.success) markers.push(parsed.data);
    else problems.push(missionProblem("marker", row.key, `stored marker ${JSON.stringify(raw)} is invalid; ignored`));
  }
  const difficulty = parseDifficulty(row.difficulty);
  return {
    key: row.key,
    name: row.name,
    week: row.week,
    weekSource: row.week === null ? null : "params",
    points: row.points,
    pointsSource: row.points === null ? null : "params",
    difficulty,
    difficultySource: difficulty ? "params" : null,
    aliases: [...row.aliases],
    markers,
    includeDefaultMarkers: row.includeDefaultMarkers,
    briefingReplyCounts: row.briefingReplyCounts,
    startTriggers: [...row.startTriggers],
    origin: row.origin,
  };
}

/**
 * The registry detection uses, from every row of the missions table (loadMissionRows: inactive ones
 * too, so hiding a mission never deletes its attempts; oldest first). Each mission counts only the
 * aliases it owns by core's rule (registry-rules.ts: its key, else the oldest lister), the same
 * rule the mission pages show.
 */
export function registryOfRows(rows: AnalyticsMissionRow[]): LoadedRegistry {
  const problems: MissionProblem[] = [];
  const { owned } = ownedAliases(rows);
  const definitions = rows.map((r) => ({ ...definitionOfRow(r, problems), aliases: owned.get(r.id) ?? [r.key] }));
  const built = buildMissionRegistry({ definitions });
  return { registry: built.registry, idByKey: new Map(rows.map((r) => [r.key, r.id])), rows, problems: [...problems, ...built.problems] };
}

const snapshotKey = (chatId: string, missionId: string, messageId: string, marker: string) =>
  JSON.stringify([chatId, missionId, messageId, marker]);

/** Indexes stored completions so a re-detection keeps their points snapshot (docs/product/missions.md §M-8). */
export const indexSnapshots = (snapshots: readonly CompletionSnapshot[]) =>
  new Map(snapshots.map((s) => [snapshotKey(s.chatId, s.missionId, s.messageId, s.marker), s] as const));

/**
 * Attempt rows for one chat. A completion proved by the same message and marker as a stored one
 * keeps the stored points and time of recording (points are a snapshot taken at completion);
 * a new completion snapshots the mission's (or the marker's) current points.
 */
export function attemptRowsFor(
  chat: NormalisedChat,
  loaded: Pick<LoadedRegistry, "registry" | "idByKey">,
  snapshots: ReadonlyMap<string, CompletionSnapshot>,
): { rows: AttemptInput[]; problems: MissionProblem[] } {
  const res = detectChat(chat, loaded.registry);
  const rows: AttemptInput[] = [];
  for (const a of res.attempts) {
    const missionId = loaded.idByKey.get(a.missionKey);
    if (!missionId) continue; // the registry is built from the rows, so this does not happen
    const c = a.completion;
    const kept = c ? snapshots.get(snapshotKey(chat.id, missionId, c.messageId, c.marker)) : undefined;
    rows.push({
      chatId: chat.id,
      missionId,
      owuiUserId: chat.userId,
      startedAt: a.startedAt,
      lastMessageAt: a.updatedAt,
      messageCount: a.messageCount,
      userMessageCount: a.userMessageCount,
      completed: c !== null,
      detectorVersion: DETECTOR_VERSION,
      completion: c
        ? {
            messageId: c.messageId,
            completedAt: c.completedAt,
            marker: c.marker,
            outcome: c.outcome,
            points: kept ? kept.points : c.points,
            ...(kept ? { createdAt: kept.createdAt } : {}),
          }
        : null,
    });
  }
  return { rows, problems: res.problems };
}

/** Separator of the model references kept in chat_messages.model (model ids never contain it). */
export const MODEL_REF_SEPARATOR = "\n";

/** A stored active-branch message back as core's ChatMessage (for re-detection without refetching). */
export function messageFromRow(row: {
  messageId: string;
  role: string;
  content: string;
  model: string | null;
  createdAtRemote: Date | null;
}): ChatMessage {
  return {
    id: row.messageId,
    parentId: null,
    childrenIds: [],
    role: row.role,
    content: row.content,
    modelRefs: row.model ? row.model.split(MODEL_REF_SEPARATOR).filter((s) => s !== "") : [],
    timestamp: row.createdAtRemote,
  };
}

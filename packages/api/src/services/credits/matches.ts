// The current credit list's mission rows matched to missions (core matchCreditRows: mapping, then
// name, then similarity at the campaign's threshold), for the admin's mapping page: how many rows
// each method matched, the matches to confirm (a confirmation becomes a mapping) and the unmatched.
import {
  buildMissionIndex,
  DEFAULT_MATCH_THRESHOLD,
  type MatchMethod,
  MISSION_ACTIVITY_ID,
  type MissionMatching,
  matchCreditRows,
} from "@missionboard/core";
import {
  type Conn,
  currentCreditSnapshot,
  listCreditMappings,
  listMissionRows,
  loadCampaignSettings,
  loadCreditRows,
} from "@missionboard/db";
import { type Capped, cap, fromStoredRow } from "./snapshots";

export interface CreditMatchesView {
  snapshotId: string | null;
  threshold: number;
  /** Mission rows (ActivityID 3) per match method, and those without a mission. */
  rows: Record<MatchMethod | "unmatched", number>;
  uncertain: Capped<MissionMatching["uncertain"][number] & { missionName: string | null }>;
  unmatched: Capped<MissionMatching["unmatched"][number] & { suggestionName: string | null }>;
}

export async function creditMatches(conn: Conn): Promise<CreditMatchesView> {
  const settings = await loadCampaignSettings(conn);
  const threshold = settings.similarityThreshold ?? DEFAULT_MATCH_THRESHOLD;
  const current = await currentCreditSnapshot(conn);
  const rows = current ? (await loadCreditRows(conn, current.id)).map(fromStoredRow) : [];
  const missions = await listMissionRows(conn);
  const mappings = (await listCreditMappings(conn)).map((m) => ({ text: m.challenge, missionId: m.missionId }));
  const matching = matchCreditRows(rows, buildMissionIndex(missions, mappings, { threshold }));
  const counts: CreditMatchesView["rows"] = { mapping: 0, name: 0, similarity: 0, unmatched: 0 };
  matching.matches.forEach((match, i) => {
    if (match) counts[match.method]++;
    else if (rows[i]?.row.activityId === MISSION_ACTIVITY_ID) counts.unmatched++;
  });
  const nameOf = (id: string | null | undefined) => missions.find((m) => m.id === id)?.name ?? null;
  return {
    snapshotId: current?.id ?? null,
    threshold,
    rows: counts,
    uncertain: cap(matching.uncertain.map((u) => ({ ...u, missionName: nameOf(u.match.missionId) }))),
    unmatched: cap(matching.unmatched.map((u) => ({ ...u, suggestionName: nameOf(u.suggestion?.missionId) }))),
  };
}

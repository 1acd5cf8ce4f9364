// Credited mission rows against completions proven in the chats, per person and mission
// (docs/product/credits.md §C-9, §C-10). Pure: the caller loads rows, matches, people and completions.
import { emailNormalizer, normalizeEmail } from "../identity/email";
import type { CreditMission, MatchMethod, MissionMatch } from "./matching";
import { normaliseMissionName } from "./names";
import { roundHundredths } from "./points";
import { type CampaignCreditRow, isReviewCompleted } from "./record";

/** Someone credits can belong to: an account or an OpenWebUI user, with every email they are known by. */
export interface CreditPerson {
  id: string;
  emails: readonly string[];
}

/** A completion detected in the chats (missions.md §M-11), for a person of CreditPerson. */
export interface CreditCompletion {
  personId: string;
  missionId: string;
  /** ISO 8601; null when unknown. */
  completedAt: string | null;
}

export interface ReconcileInput {
  rows: readonly CampaignCreditRow[];
  /** One per row, as matchCreditRows returns them. */
  matches: readonly (MissionMatch | null)[];
  missions: readonly CreditMission[];
  people: readonly CreditPerson[];
  completions: readonly CreditCompletion[];
}

export type CreditStatus = "points-mismatch" | "credited-without-completion" | "pending-review" | "missing-credit" | "credited";

/** Statuses in priority order: a pair's `status` is the first of its flags in this order. */
export const CREDIT_STATUSES: readonly CreditStatus[] = [
  "points-mismatch",
  "credited-without-completion",
  "pending-review",
  "missing-credit",
  "credited",
];

/** One person and mission, with what the credit list and the chats say. */
export interface CreditPair {
  personId: string;
  missionId: string;
  /** The first of `flags` in CREDIT_STATUSES order. */
  status: CreditStatus;
  /** Every status that applies (a credited row can be both without completion and mismatched). */
  flags: CreditStatus[];
  /** The counted completion's time (the earliest; null without a completion or a time). */
  completedAt: string | null;
  hasCompletion: boolean;
  /** Review-completed mission rows matched to this mission, and the others (submitted, …). */
  creditedRows: number;
  pendingRows: number;
  /** The sum awarded by review-completed rows, exact and rounded half-up (null without one). */
  awardedHundredths: number | null;
  awardedPoints: number | null;
  missionPoints: number | null;
  /** Review-completed rows whose rounded award differs from the mission's points. */
  mismatchedRows: number;
  /** The MissionChallenge texts of those rows, in row order. */
  mismatchedTexts: string[];
  /** Positions in the rows given of every row matched to the pair, and of the mismatched ones. */
  rowIndexes: number[];
  mismatchedRowIndexes: number[];
  /** How the pair's rows were matched, each method once. */
  matchMethods: MatchMethod[];
}

/** Someone in the credit list who is no known person (or several: staff must link them). */
export interface UnmatchedCreditPerson {
  email: string;
  reason: "unknown-email" | "several-people";
  /** The people sharing the email, when several. */
  personIds: string[];
  userIds: number[];
  rows: number;
  /** Official points of their review-completed rows, rounded half-up. */
  points: number;
}

export interface CreditReconciliation {
  pairs: CreditPair[];
  unmatchedPeople: UnmatchedCreditPerson[];
  counts: Record<CreditStatus, number>;
}

interface PairBuilder {
  completedAt: string | null;
  hasCompletion: boolean;
  credited: number;
  pending: number;
  awarded: number;
  mismatched: string[];
  rows: number[];
  mismatchedRows: number[];
  methods: Set<MatchMethod>;
}

/** How a row without a MissionChallenge is named in lists, as the old tool named it. */
const UNKNOWN_CHALLENGE = "Unknown Challenge";

/** Earliest completion first; one without a time after all with one (missions.md §M-11). */
const earlier = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * Every person × mission that has a completion or a matched mission row, with its statuses
 * (§C-9): credited, missing-credit, credited-without-completion, points-mismatch, pending-review.
 * Rows of emails that are no known person are listed separately, never guessed at.
 *
 * @example
 * reconcileCredits({ rows, matches, missions, people, completions }).pairs
 * // [{ personId: "u1", missionId: "intel", status: "credited", … }, …]
 */
export function reconcileCredits(input: ReconcileInput): CreditReconciliation {
  const missions = new Map(input.missions.map((m, order) => [m.id, { mission: m, order }]));
  const owners = new Map<string, Set<string>>();
  for (const person of input.people)
    for (const email of person.emails) {
      const key = normalizeEmail(email);
      if (!key) continue;
      const set = owners.get(key) ?? new Set<string>();
      set.add(person.id);
      owners.set(key, set);
    }

  const pairs: { personId: string; missionId: string; b: PairBuilder }[] = [];
  // Person → mission → pair (no key text made per row).
  const byPerson = new Map<string, Map<string, { personId: string; missionId: string; b: PairBuilder }>>();
  const pairOf = (personId: string, missionId: string): PairBuilder => {
    let missionsOf = byPerson.get(personId);
    if (!missionsOf) {
      missionsOf = new Map();
      byPerson.set(personId, missionsOf);
    }
    let entry = missionsOf.get(missionId);
    if (!entry) {
      entry = {
        personId,
        missionId,
        b: {
          completedAt: null,
          hasCompletion: false,
          credited: 0,
          pending: 0,
          awarded: 0,
          mismatched: [],
          rows: [],
          mismatchedRows: [],
          methods: new Set(),
        },
      };
      missionsOf.set(missionId, entry);
      pairs.push(entry);
    }
    return entry.b;
  };

  for (const c of input.completions) {
    if (!missions.has(c.missionId)) continue;
    const b = pairOf(c.personId, c.missionId);
    b.completedAt = b.hasCompletion ? earlier(b.completedAt, c.completedAt) : c.completedAt;
    b.hasCompletion = true;
  }

  const unmatched = new Map<string, UnmatchedCreditPerson>();
  const emailOf = emailNormalizer();
  input.rows.forEach((row, i) => {
    const email = emailOf(row.email);
    const ids = owners.get(email);
    if (!ids || ids.size > 1) {
      const u = unmatched.get(email) ?? {
        email,
        reason: ids ? ("several-people" as const) : ("unknown-email" as const),
        personIds: ids ? [...ids].sort() : [],
        userIds: [],
        rows: 0,
        points: 0,
      };
      u.rows++;
      if (!u.userIds.includes(row.userId)) u.userIds.push(row.userId);
      if (isReviewCompleted(row.activityStatus)) u.points += row.pointsHundredths;
      unmatched.set(email, u);
      return;
    }
    const match = input.matches[i];
    const known = match ? missions.get(match.missionId) : undefined;
    if (!match || !known) return;
    const b = pairOf(ids.values().next().value as string, match.missionId);
    b.methods.add(match.method);
    b.rows.push(i);
    if (!isReviewCompleted(row.activityStatus)) {
      b.pending++;
      return;
    }
    b.credited++;
    b.awarded += row.pointsHundredths;
    const expected = known.mission.points;
    if (expected !== null && roundHundredths(row.pointsHundredths) !== expected) {
      b.mismatched.push(row.missionChallenge ?? UNKNOWN_CHALLENGE);
      b.mismatchedRows.push(i);
    }
  });

  const counts = Object.fromEntries(CREDIT_STATUSES.map((s) => [s, 0])) as Record<CreditStatus, number>;
  const out: CreditPair[] = pairs
    .sort(
      (x, y) =>
        (x.personId < y.personId ? -1 : x.personId > y.personId ? 1 : 0) ||
        (missions.get(x.missionId)?.order ?? 0) - (missions.get(y.missionId)?.order ?? 0),
    )
    .map(({ personId, missionId, b }) => {
      const flags = pairFlags(b);
      const status = flags[0] as CreditStatus;
      counts[status]++;
      return {
        personId,
        missionId,
        status,
        flags,
        completedAt: b.completedAt,
        hasCompletion: b.hasCompletion,
        creditedRows: b.credited,
        pendingRows: b.pending,
        awardedHundredths: b.credited > 0 ? b.awarded : null,
        awardedPoints: b.credited > 0 ? roundHundredths(b.awarded) : null,
        missionPoints: missions.get(missionId)?.mission.points ?? null,
        mismatchedRows: b.mismatched.length,
        mismatchedTexts: b.mismatched.slice(),
        // Copied to their length: a builder's array grown by push keeps room for 16 or more,
        // ~150 bytes per pair that 27,000 pairs would keep for as long as the reconciliation.
        rowIndexes: b.rows.slice(),
        mismatchedRowIndexes: b.mismatchedRows.slice(),
        matchMethods: [...b.methods],
      };
    });
  const unmatchedPeople = [...unmatched.values()]
    .map((u) => ({ ...u, userIds: u.userIds.sort((a, b) => a - b), points: roundHundredths(u.points) }))
    .sort((a, b) => (a.email < b.email ? -1 : 1));
  return { pairs: out, unmatchedPeople, counts };
}

/** A pair's statuses in CREDIT_STATUSES order (array literals: no spare room kept per pair). */
function pairFlags(b: PairBuilder): CreditStatus[] {
  if (b.credited > 0) {
    const mismatch = b.mismatched.length > 0;
    if (mismatch && !b.hasCompletion) return ["points-mismatch", "credited-without-completion"];
    if (mismatch) return ["points-mismatch"];
    if (!b.hasCompletion) return ["credited-without-completion"];
    return ["credited"];
  }
  return b.pending > 0 ? ["pending-review"] : ["missing-credit"];
}

/** The old tool's status chip shape (analytics spec §5.6). */
export interface StatusIndicator {
  code: "missing-credit" | "points-mismatch";
  label: string;
  severity: "warning" | "error";
  message: string;
  count: number;
  /** The first three names, plus "…" when there are more. */
  examples: string[];
}

const MISSING_CREDIT = {
  code: "missing-credit",
  label: "Missing Credit",
  severity: "warning",
  message: "Completed missions detected in OpenWebUI are still missing Review Completed credit.",
} as const;
const POINTS_MISMATCH = {
  code: "points-mismatch",
  label: "Points Mismatch",
  severity: "error",
  message: "Awarded points do not match the configured mission values.",
} as const;

const examplesOf = (names: readonly string[]): string[] => (names.length > 3 ? [...names.slice(0, 3), "…"] : [...names]);

/**
 * A person's two status chips from their reconciled pairs (§C-10): `missing-credit` counts the
 * completed missions without review-completed credit (missing-credit and pending-review pairs with a
 * completion; examples in the pairs' order), `points-mismatch` counts the review-completed rows whose
 * award differs (examples in row order). With a week, only pairs of that week's missions count.
 */
export function creditIndicators(
  pairs: readonly CreditPair[],
  missions: readonly CreditMission[],
  week: number | null = null,
): StatusIndicator[] {
  const byId = new Map(missions.map((m) => [m.id, m]));
  // A week's view shows that week's missions only (the old chips ignored the week filter).
  const inView = week === null ? pairs : pairs.filter((p) => byId.get(p.missionId)?.week === week);
  const missing = inView.filter((p) => p.hasCompletion && p.creditedRows === 0).map((p) => byId.get(p.missionId)?.name ?? p.missionId);
  const mismatched = inView
    .flatMap((p) => p.mismatchedTexts.map((text, k) => ({ text, at: p.mismatchedRowIndexes[k] ?? 0 })))
    .sort((a, b) => a.at - b.at)
    .map((m) => m.text);
  const out: StatusIndicator[] = [];
  if (missing.length > 0) out.push({ ...MISSING_CREDIT, count: missing.length, examples: examplesOf(missing) });
  if (mismatched.length > 0) out.push({ ...POINTS_MISMATCH, count: mismatched.length, examples: examplesOf(mismatched) });
  return out;
}

/** What the old tool's rules saw for one email (analytics spec §5.6). */
export interface LegacyStatusInput {
  /** Display names of the missions completed in the chats (one per completed mission). */
  completedMissionNames: readonly string[];
  /** The email's review-completed rows, any activity type and week, with the matched mission's points. */
  submissions: readonly { missionChallenge: string | null; pointsHundredths: number; expectedPoints: number | null }[];
}

/**
 * The old tool's two rules, as it applied them (for comparison, §C-10): `missing-credit` for each
 * completed mission whose normalised name equals no review-completed row's normalised
 * MissionChallenge (exact names only, no week check); `points-mismatch` for each review-completed row
 * with known expected points whose rounded award differs.
 */
export function legacyStatusIndicators(input: LegacyStatusInput): StatusIndicator[] {
  const credited = new Set(input.submissions.map((s) => normaliseMissionName(s.missionChallenge)));
  const completions = new Map<string, string>();
  for (const name of input.completedMissionNames) {
    const normal = normaliseMissionName(name);
    if (normal && !completions.has(normal)) completions.set(normal, name);
  }
  const missing = [...completions].filter(([normal]) => !credited.has(normal)).map(([, name]) => name);
  const mismatched = input.submissions
    .filter((s) => s.expectedPoints !== null && roundHundredths(s.pointsHundredths) !== s.expectedPoints)
    .map((s) => s.missionChallenge ?? UNKNOWN_CHALLENGE);
  const out: StatusIndicator[] = [];
  if (missing.length > 0) out.push({ ...MISSING_CREDIT, count: missing.length, examples: examplesOf(missing) });
  if (mismatched.length > 0) out.push({ ...POINTS_MISMATCH, count: mismatched.length, examples: examplesOf(mismatched) });
  return out;
}

import type { Catalog, CatalogNode } from "./catalog";
import { countedSkills, requiredCapstones } from "./progression";

export interface HeldAward {
  itemId: string;
  awardedAt: Date;
}

/** floor(earned / total × 100); 0 when there is nothing to earn. 1/3 → 33, 2/3 → 66. */
export const percent = (earned: number, total: number): number => (total === 0 ? 0 : Math.floor((earned / total) * 100));

export interface BadgeProgress {
  id: string;
  title: string;
  earned: boolean;
  earnedAt: Date | null;
}

export interface SkillProgress extends BadgeProgress {
  percent: number;
  earnedMiniBadges: number;
  totalMiniBadges: number;
  miniBadges: BadgeProgress[];
}

export interface ProgramProgress extends BadgeProgress {
  percent: number;
  earnedSkills: number;
  totalSkills: number;
  earnedMiniBadges: number;
  totalMiniBadges: number;
  skills: SkillProgress[];
  capstones: (BadgeProgress & { isRequired: boolean })[];
  progressBadges: BadgeProgress[];
}

export interface ProgressReport {
  summary: Record<"miniBadges" | "skills" | "programs", { earned: number; total: number }>;
  programs: ProgramProgress[];
}

/**
 * floor(sum of shares / count × 100) for shares in [0, 1]; 0 when there is nothing to earn. The
 * small epsilon keeps exact thirds exact: (2/3 + 1 + 0) / 3 → 55, not 55.99… → 55 by luck.
 */
export const averagePercent = (shares: readonly number[]): number =>
  shares.length === 0 ? 0 : Math.floor((shares.reduce((sum, share) => sum + share, 0) / shares.length) * 100 + 1e-9);

/**
 * A student's progress over the effectively active catalog, in catalog order (the "My progress"
 * model of docs/product/badges.md §B-6). A program's percentage averages what its award needs,
 * counting partial progress all the way up: a skill with content counts as the share of its active
 * mini-badges held (1 once the skill itself is held), a required capstone as 1 when held, else 0.
 *
 * | program needs                                   | held              | program % |
 * | ----------------------------------------------- | ----------------- | --------- |
 * | skill A (3 mini-badges)                          | 2 of A's minis    | 66        |
 * | skill A (3 minis), required capstone C           | 2 of A's minis    | 33        |
 * | skill S1 (2 minis), skill S2 (1), capstone C      | 1 of S1, S2 held  | 50        |
 */
export function progressReport(catalog: Catalog, awards: readonly HeldAward[]): ProgressReport {
  const earnedAt = new Map(awards.map((a) => [a.itemId, a.awardedAt]));
  const badge = (node: CatalogNode): BadgeProgress => ({
    id: node.id,
    title: node.title,
    earned: earnedAt.has(node.id),
    earnedAt: earnedAt.get(node.id) ?? null,
  });
  const summary = { miniBadges: { earned: 0, total: 0 }, skills: { earned: 0, total: 0 }, programs: { earned: 0, total: 0 } };

  const programs = catalog
    .programs()
    .filter((p) => p.isActive)
    .map((program): ProgramProgress => {
      const skills = catalog.activeChildren(program.id, "skill").map((skill): SkillProgress => {
        const miniBadges = catalog.activeChildren(skill.id, "mini_badge").map(badge);
        const earned = miniBadges.filter((b) => b.earned).length;
        return {
          ...badge(skill),
          percent: percent(earned, miniBadges.length),
          earnedMiniBadges: earned,
          totalMiniBadges: miniBadges.length,
          miniBadges,
        };
      });
      const skillShare = new Map(
        skills.map((s) => [s.id, s.earned ? 1 : s.totalMiniBadges === 0 ? 0 : s.earnedMiniBadges / s.totalMiniBadges]),
      );
      const shares = [
        ...countedSkills(catalog, program.id).map((skill) => skillShare.get(skill.id) ?? (earnedAt.has(skill.id) ? 1 : 0)),
        ...requiredCapstones(catalog, program.id).map((capstone) => (earnedAt.has(capstone.id) ? 1 : 0)),
      ];
      const earnedMiniBadges = skills.reduce((n, s) => n + s.earnedMiniBadges, 0);
      const totalMiniBadges = skills.reduce((n, s) => n + s.totalMiniBadges, 0);
      const earnedSkills = skills.filter((s) => s.earned).length;
      summary.miniBadges.earned += earnedMiniBadges;
      summary.miniBadges.total += totalMiniBadges;
      summary.skills.earned += earnedSkills;
      summary.skills.total += skills.length;
      summary.programs.total += 1;
      if (earnedAt.has(program.id)) summary.programs.earned += 1;
      return {
        ...badge(program),
        percent: averagePercent(shares),
        earnedSkills,
        totalSkills: skills.length,
        earnedMiniBadges,
        totalMiniBadges,
        skills,
        capstones: catalog.activeChildren(program.id, "capstone").map((c) => ({ ...badge(c), isRequired: c.isRequired })),
        progressBadges: catalog.activeChildren(program.id, "progress_badge").map(badge),
      };
    });
  return { summary, programs };
}

export interface NextBadge {
  id: string;
  title: string;
  skillTitle: string;
  programTitle: string;
}

/**
 * The badges worth requesting next: unearned, not already pending, from the skills closest to
 * completion first (then catalog order), at most `limit`.
 */
export function nextBadges(report: ProgressReport, pending: ReadonlySet<string>, limit = 5): NextBadge[] {
  const candidates = report.programs.flatMap((program) =>
    program.skills
      .filter((skill) => !skill.earned)
      .map((skill, order) => ({ program, skill, order }))
      .filter(({ skill }) => skill.miniBadges.some((b) => !b.earned && !pending.has(b.id))),
  );
  candidates.sort((a, b) => b.skill.percent - a.skill.percent || a.order - b.order);
  const result: NextBadge[] = [];
  for (const { program, skill } of candidates) {
    for (const b of skill.miniBadges) {
      if (result.length >= limit) return result;
      if (!b.earned && !pending.has(b.id)) result.push({ id: b.id, title: b.title, skillTitle: skill.title, programTitle: program.title });
    }
  }
  return result;
}

import { escapeHtml } from "@missionboard/core";
import { Medal } from "lucide-react";
import { Badge } from "./ui/badge";
import { spriteIconHtml } from "./ui/icon-sprites";

interface Rank {
  name: string;
  level: number;
}

/**
 * A learner's rank as a chip (docs/product/missions.md §M-14): the lowest rank plain, every rank
 * above it with a medal, so the step up shows without relying on colour.
 */
export function RankBadge({ rank }: { rank: Rank }) {
  return (
    <Badge tone={rank.level > 0 ? "info" : "neutral"} icon={rank.level > 0 ? Medal : null} data-rank-level={rank.level}>
      {rank.name}
    </Badge>
  );
}

/** The medal as a sprite (ui/icon-sprites), for boards that show a rank on every row. */
export const RANK_SPRITES = { "rank-medal": Medal } as const;

/** {@link RankBadge} as markup text, its medal drawn from the page's {@link RANK_SPRITES}: for rows built as markup. */
export const rankChipHtml = (rank: Rank): string =>
  `<span class="chip tone-${rank.level > 0 ? "info" : "neutral"}" data-rank-level="${rank.level}">` +
  `${rank.level > 0 ? spriteIconHtml("rank-medal") : ""}${escapeHtml(rank.name)}</span>`;

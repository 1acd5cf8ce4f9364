import { Medal } from "lucide-react";
import { Badge } from "./ui/badge";

/**
 * A learner's rank as a chip (docs/product/missions.md §M-14): the lowest rank plain, every rank
 * above it with a medal, so the step up shows without relying on colour.
 */
export function RankBadge({ rank }: { rank: { name: string; level: number } }) {
  return (
    <Badge tone={rank.level > 0 ? "info" : "neutral"} icon={rank.level > 0 ? Medal : null} data-rank-level={rank.level}>
      {rank.name}
    </Badge>
  );
}

import type { RouterOutputs } from "@missionboard/api";
import type { ItemKind } from "@missionboard/core";
import { Award, EyeOff, GraduationCap, type LucideIcon, Medal, Puzzle, Trophy } from "lucide-react";
import { Badge } from "./ui/badge";

/** A catalog item as a catalog page shows it (a list row has its place as `rank`). */
export type CatalogLevel = RouterOutputs["catalog"]["level"];
export type CatalogEntry = NonNullable<CatalogLevel["item"]>;
export type CatalogRow = CatalogLevel["lists"][number]["items"][number];

export const KIND_NAMES: Record<ItemKind, { one: string; many: string }> = {
  program: { one: "Program", many: "Programs" },
  skill: { one: "Skill", many: "Skills" },
  mini_badge: { one: "Mini-badge", many: "Mini-badges" },
  capstone: { one: "Capstone", many: "Capstones" },
  progress_badge: { one: "Progress badge", many: "Progress badges" },
};

/** Each kind's icon where an item has no image or emoji of its own. */
export const KIND_ICONS: Record<ItemKind, LucideIcon> = {
  program: GraduationCap,
  skill: Puzzle,
  mini_badge: Medal,
  capstone: Trophy,
  progress_badge: Award,
};

/** Where an item's uploaded icon is served; the version changes with the item, so it can be cached for good. */
export const iconUrl = (id: string, version: number) => `/catalog-icon/${id}?v=${version}`;

/**
 * The item's uploaded image, else the emoji an admin chose (user data, shown as given), else its
 * kind's icon. Decorative: the title is next to it.
 */
export function CatalogIcon({ node, size = 28 }: { node: Pick<CatalogEntry, "id" | "kind" | "iconEmoji" | "iconVersion">; size?: number }) {
  if (node.iconVersion !== null)
    return (
      <img
        src={iconUrl(node.id, node.iconVersion)}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        style={{ objectFit: "contain", verticalAlign: "middle" }}
      />
    );
  if (node.iconEmoji)
    return (
      <span aria-hidden="true" style={{ fontSize: Math.round(size * 0.8), minWidth: size }} className="catalog-icon">
        {node.iconEmoji}
      </span>
    );
  const Icon = KIND_ICONS[node.kind];
  return (
    <span aria-hidden="true" className={`catalog-icon kind-${node.kind}`} style={{ width: size, height: size }}>
      <Icon className="icon" />
    </span>
  );
}

/** "inactive" or "hidden (a parent is inactive)" for staff; nothing for visible items. */
export function CatalogStatus({ node }: { node: Pick<CatalogEntry, "isActive" | "effectivelyActive"> }) {
  if (!node.isActive)
    return (
      <Badge tone="neutral" icon={EyeOff} data-status="inactive">
        inactive
      </Badge>
    );
  if (!node.effectivelyActive)
    return (
      <Badge tone="warning" icon={EyeOff} data-status="hidden">
        hidden: a parent is inactive
      </Badge>
    );
  return null;
}

/** "3 skills · 1 capstone" from an item's child counts; null when nothing is under it. */
export function childSummary(counts: Partial<Record<ItemKind, number>>): string | null {
  const parts = (Object.entries(counts) as [ItemKind, number][])
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n.toLocaleString("en")} ${(n === 1 ? KIND_NAMES[kind].one : KIND_NAMES[kind].many).toLowerCase()}`);
  return parts.length ? parts.join(" · ") : null;
}

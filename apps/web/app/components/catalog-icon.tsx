import type { RouterOutputs } from "@missionboard/api";
import type { ItemKind } from "@missionboard/core";
import { EyeOff } from "lucide-react";
import { formatNumber } from "../lib/number-format";
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

/** Where an item's artwork is served (docs/product/badges.md §B-8); the version changes with the item, so it is cached for good. */
export const badgeImageUrl = (id: string, version?: number, form: "svg" | "png" = "svg") =>
  `/badge-image/${id}.${form}${version === undefined ? "" : `?v=${version}`}`;

/**
 * The item's artwork: its uploaded image or its generated emblem (shape by kind, colour by
 * program, initials). Decorative: the title is next to it.
 */
export function CatalogIcon({ node, size = 28 }: { node: Pick<CatalogEntry, "id" | "artworkVersion">; size?: number }) {
  return <BadgeArt itemId={node.id} version={node.artworkVersion} size={size} />;
}

/** An item's artwork by id (pages that do not know its version get it revalidated by ETag). */
export function BadgeArt({ itemId, version, size = 28 }: { itemId: string; version?: number; size?: number }) {
  return (
    <img className="catalog-icon" src={badgeImageUrl(itemId, version)} alt="" width={size} height={size} loading="lazy" decoding="async" />
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
    .map(([kind, n]) => `${formatNumber(n)} ${(n === 1 ? KIND_NAMES[kind].one : KIND_NAMES[kind].many).toLowerCase()}`);
  return parts.length ? parts.join(" · ") : null;
}

import type { RouterOutputs } from "@missionboard/api";
import type { ItemKind } from "@missionboard/core";

export type CatalogNode = RouterOutputs["catalog"]["tree"]["programs"][number];

export const KIND_NAMES: Record<ItemKind, { one: string; many: string }> = {
  program: { one: "Program", many: "Programs" },
  skill: { one: "Skill", many: "Skills" },
  mini_badge: { one: "Mini-badge", many: "Mini-badges" },
  capstone: { one: "Capstone", many: "Capstones" },
  progress_badge: { one: "Progress badge", many: "Progress badges" },
};

const DEFAULT_ICON: Record<ItemKind, string> = { program: "🎓", skill: "🧩", mini_badge: "🏅", capstone: "⭐", progress_badge: "🎖️" };

/** The item's uploaded image, else its emoji, else a default per kind (decorative: the title is next to it). */
export function CatalogIcon({ node, size = 28 }: { node: Pick<CatalogNode, "kind" | "iconEmoji" | "iconImage">; size?: number }) {
  if (node.iconImage)
    return <img src={node.iconImage} alt="" width={size} height={size} style={{ objectFit: "contain", verticalAlign: "middle" }} />;
  return (
    <span aria-hidden="true" style={{ fontSize: size * 0.8, lineHeight: 1, display: "inline-block", minWidth: size, textAlign: "center" }}>
      {node.iconEmoji ?? DEFAULT_ICON[node.kind]}
    </span>
  );
}

/** "inactive" or "hidden (a parent is inactive)" for staff; nothing for visible items. */
export function CatalogStatus({ node }: { node: Pick<CatalogNode, "isActive" | "effectivelyActive"> }) {
  if (!node.isActive)
    return (
      <span className="role-tag" data-status="inactive">
        inactive
      </span>
    );
  if (!node.effectivelyActive)
    return (
      <span className="role-tag" data-status="hidden">
        hidden: a parent is inactive
      </span>
    );
  return null;
}

import type { LucideIcon } from "lucide-react";

/**
 * Icons defined once per page, for pages that repeat an icon in hundreds of cells (the Missions
 * grid's statuses, the campaign board's ranks and chips): each use refers to its symbol
 * ({@link spriteIconHtml}) instead of repeating the paths, which keeps the page smaller and its
 * render cheaper (docs/decisions/023-dashboard-benchmark.md). `icons` maps each symbol's id to its icon.
 */
export function IconSprites({ icons }: { icons: Readonly<Record<string, LucideIcon>> }) {
  return (
    <svg className="sprites" aria-hidden="true" focusable="false">
      {Object.entries(icons).map(([id, Icon]) => (
        <symbol key={id} id={id} viewBox="0 0 24 24">
          <Icon />
        </symbol>
      ))}
    </svg>
  );
}

/** A use of a page's sprite, as markup text: what `<svg className="icon"><use href="#id" /></svg>` renders. */
export const spriteIconHtml = (id: string): string => `<svg class="icon" aria-hidden="true"><use href="#${id}"></use></svg>`;

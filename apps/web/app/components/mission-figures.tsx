import { type LucideIcon, Minus } from "lucide-react";
import { formatUpToOneDecimal } from "../lib/number-format";
import { Badge, TONE_ICONS, type Tone } from "./ui/badge";
import { IconSprites, spriteIconHtml } from "./ui/icon-sprites";

/** A learner's status at a mission (docs/product/missions.md §M-23). */
export type LearnerStatus = "completed" | "in_progress" | "not_started";

export const STATUS_LABELS: Record<LearnerStatus, string> = {
  completed: "Completed",
  in_progress: "In progress",
  not_started: "Not started",
};

/** Each status's icon: the tone's (ui/badge TONE_ICONS) for completed and in progress, a dash for not started. */
const STATUS_ICONS: Record<LearnerStatus, LucideIcon> = {
  completed: TONE_ICONS.success as LucideIcon,
  in_progress: TONE_ICONS.warning as LucideIcon,
  not_started: Minus,
};
const STATUS_TONES: Record<LearnerStatus, Tone> = { completed: "success", in_progress: "warning", not_started: "neutral" };
const spriteId = (status: LearnerStatus) => `status-icon-${status}`;

const STATUS_SPRITES = Object.fromEntries((Object.keys(STATUS_ICONS) as LearnerStatus[]).map((s) => [spriteId(s), STATUS_ICONS[s]]));

/** The status icons once per page, for pages that show a status in hundreds of cells (the Missions grid). */
export function StatusIconSprites() {
  return <IconSprites icons={STATUS_SPRITES} />;
}

/**
 * The sprite chip's markup as text, for rows built as markup (components/grid-rows.ts); the same as
 * `<StatusBadge status sprite />` renders (mission-figures.test.tsx compares them).
 */
export const statusChipHtml = (status: LearnerStatus) =>
  `<span class="chip tone-${STATUS_TONES[status]}">${spriteIconHtml(spriteId(status))}${STATUS_LABELS[status]}</span>`;

/**
 * The status as a chip: icon and words, never colour alone. `sprite`: the icon refers to the page's
 * {@link StatusIconSprites} (which the page must render once).
 */
export function StatusBadge({ status, sprite = false }: { status: LearnerStatus; sprite?: boolean }) {
  if (!sprite)
    return (
      <Badge tone={STATUS_TONES[status]} icon={STATUS_ICONS[status]}>
        {STATUS_LABELS[status]}
      </Badge>
    );
  // The same markup as Badge's icon, drawn from the page's sprite.
  return (
    <Badge tone={STATUS_TONES[status]} icon={null}>
      {/* Sized by the .icon rule; the symbol carries the viewBox. */}
      <svg className="icon" aria-hidden="true">
        <use href={`#${spriteId(status)}`} />
      </svg>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** "42%" (a share), "—" when there is none. */
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${Math.round(value)}%`);

/** "1.5", "2", "—". */
export const decimal = (value: number | null | undefined) => (value === null || value === undefined ? "—" : formatUpToOneDecimal(value));

/** A duration as "3 d 4 h", "2 h 5 min", "12 min", "40 s"; "—" when unknown. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** "Week 3", or "No week" for a mission without one. */
export const weekLabel = (week: number | null) => (week === null ? "No week" : `Week ${week}`);

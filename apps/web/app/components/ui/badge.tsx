import { Check, Clock, Info, type LucideIcon, X } from "lucide-react";
import type { HTMLAttributes, ReactNode } from "react";
import { cx } from "./class-names";

export type Tone = "neutral" | "success" | "warning" | "danger" | "info";

/** The icon each tone shows by default, so colour is never the only cue (WCAG 1.4.1). */
export const TONE_ICONS: Record<Tone, LucideIcon | null> = { neutral: null, success: Check, warning: Clock, danger: X, info: Info };

/**
 * A small status label (a chip): "earned", "pending", "inactive". `icon` replaces the tone's icon;
 * `icon={null}` shows none.
 */
export function Badge({
  tone = "neutral",
  icon,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLSpanElement> & { tone?: Tone; icon?: LucideIcon | null; children: ReactNode }) {
  const Icon = icon === undefined ? TONE_ICONS[tone] : icon;
  return (
    <span className={cx("chip", `tone-${tone}`, className)} {...rest}>
      {Icon ? <Icon className="icon" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

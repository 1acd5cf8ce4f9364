import { CircleAlert, CircleCheck, Info, TriangleAlert, X } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import type { Tone } from "./badge";

const FLASH_ICONS = { success: CircleCheck, info: Info, warning: TriangleAlert, danger: CircleAlert, neutral: Info } as const;

/**
 * A message about what just happened ("Request submitted."), announced politely (role="status").
 * It is visible without JavaScript; once the page is interactive a Dismiss button hides it.
 */
export function Flash({
  tone = "success",
  title,
  dismissible = true,
  children,
}: {
  tone?: Tone;
  title?: ReactNode;
  dismissible?: boolean;
  children?: ReactNode;
}) {
  const [enhanced, setEnhanced] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => setEnhanced(true), []);
  if (dismissed) return null;
  const Icon = FLASH_ICONS[tone];
  return (
    <div className={`flash tone-${tone}`} role="status">
      <Icon className="icon flash-icon" aria-hidden="true" />
      <div className="flash-body">
        {title ? <p className="flash-title">{title}</p> : null}
        {children ? <div className="flash-text">{children}</div> : null}
      </div>
      {dismissible && enhanced ? (
        <button type="button" className="flash-close" aria-label="Dismiss" onClick={() => setDismissed(true)}>
          <X className="icon" aria-hidden="true" />
        </button>
      ) : null}
    </div>
  );
}

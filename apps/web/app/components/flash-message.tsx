import type { Flash as FlashData } from "../lib/flash.server";
import { Flash } from "./ui/flash";

const TONE = { success: "success", info: "info", error: "danger" } as const;

/** The one place a flash shows (root layout), announced politely to screen readers. */
export function FlashMessage({ flash }: { flash: FlashData | null | undefined }) {
  if (!flash) return null;
  return (
    <div className="flash-slot">
      <Flash tone={TONE[flash.kind]}>{flash.message}</Flash>
    </div>
  );
}

import type { Flash } from "../lib/flash.server";

/** The one place a flash shows (root layout), announced politely to screen readers. */
export function FlashMessage({ flash }: { flash: Flash | null | undefined }) {
  if (!flash) return null;
  return (
    <div className="flash">
      <p className={flash.kind === "error" ? "form-error" : "notice"} role="status" data-flash={flash.kind}>
        {flash.message}
      </p>
    </div>
  );
}

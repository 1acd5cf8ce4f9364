// The server half of ConfirmDialog (confirm-dialog.tsx): a destructive form says which
// confirmation it needs (`_confirm`) and, once confirmed, carries `_confirmed=yes`.

/** Names the confirmation a form needs; the same key marks the step the server sends back. */
export const CONFIRM_KEY_FIELD = "_confirm";
/** Present on a submit the person has confirmed. */
export const CONFIRMED_FIELD = "_confirmed";

export interface ConfirmationStep {
  /** The key of the ConfirmDialog that asked. */
  key: string;
  /** The form's text fields, sent again with the confirmation (what was typed is kept). */
  fields: Record<string, string>;
}

/**
 * In an action, before doing anything destructive: when the form came from a ConfirmDialog and was
 * not confirmed yet (no JavaScript ran to ask), returns the step to show; otherwise null.
 *
 *   const step = confirmationRequested(form);
 *   if (step) return step;
 */
export function confirmationRequested(form: FormData): { confirmation: ConfirmationStep } | null {
  const key = form.get(CONFIRM_KEY_FIELD);
  if (typeof key !== "string" || !key || form.get(CONFIRMED_FIELD) === "yes") return null;
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string" && name !== CONFIRM_KEY_FIELD) fields[name] = value;
  return { confirmation: { key, fields } };
}
